import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportConditions } from '../support/alerts';
import { authedFetch, sendJson, signIn, type Session } from '../support/auth';
import { deviceMessage } from '../support/messages';
import { getJson, push } from '../support/push';
import { startServer, type RunningServer } from '../support/server';

/**
 * What people do with an alert (issue 19 item 2), against the real server and database:
 * alerts raised through the evaluator's own call, then listed, filtered, paged, acknowledged,
 * snoozed, assigned and resolved, each change in the timeline and the audit log, and every
 * refusal a clear error.
 */
interface Item {
  id: number;
  kind: string;
  assetId: string | null;
  state: string;
  startedAt: number;
  resolvedAt: number | null;
  details: Record<string, unknown>;
  acknowledgedBy: string | null;
  ackNote: string | null;
  snoozedUntil: number | null;
  snoozed: boolean;
  assignee: { id: number; name: string } | null;
  name: string | null;
  lineName: string | null;
  resolvedBy: string | null;
  resolveNote: string | null;
}
interface Page {
  items: Item[];
  nextCursor: string | null;
}
interface Detail extends Item {
  timeline: { type: string; by: string | null; note: string | null; details: unknown }[];
  deliveries: unknown[];
}

let server: RunningServer;
let ops: Session;
let planner: Session;
let opsId: number;
let disabledId: number;
let lineId: number;
const ids = {} as Record<'offline1' | 'warm1' | 'door2' | 'offline3' | 'sync', number>;
const T0 = 1_780_000_000;

const list = (query = '') => getJson<Page>(server, `/api/v1/alerts${query}`);
const detail = (id: number) => getJson<Detail>(server, `/api/v1/alerts/${id}`);
const act = <T = { alert: Item; changed: boolean }>(
  s: Session,
  id: number | string,
  action: string,
  body: unknown,
) =>
  sendJson<T & { error: { code: string; message: string } }>(
    s,
    'POST',
    `/api/v1/alerts/${id}/${action}`,
    body,
  );

beforeAll(async () => {
  server = await startServer();
  for (const id of ['AL-001', 'AL-002'])
    expect((await push(server, 'device', deviceMessage(id))).status).toBe(200);
  await push(server, 'device', deviceMessage('AL-003', { lineName: '另一条线' }));
  const lines = await getJson<{ items: { id: number; name: string }[] }>(server, '/api/v1/lines');
  lineId = lines.body.items.find((l) => l.name === '京港地铁 14 号线')!.id;
  const users: Record<string, number> = {};
  for (const [name, role] of [
    ['Ops One', 'operations'],
    ['Pat Planner', 'planner'],
    ['Gone Person', 'operations'],
  ] as const) {
    const email = `${role}-${name.split(' ')[0]!.toLowerCase()}@alerts.test`;
    const r = await sendJson<{ id: number }>(server.admin!, 'POST', '/api/v1/users', {
      email,
      name,
      role,
      password: 'a-password-123',
    });
    expect(r.status).toBe(201);
    users[name] = r.body.id;
  }
  opsId = users['Ops One']!;
  disabledId = users['Gone Person']!;
  await sendJson(server.admin!, 'PATCH', `/api/v1/users/${disabledId}`, { disabled: true });
  ops = await signIn(server.url, 'operations-ops@alerts.test', 'a-password-123');
  planner = await signIn(server.url, 'planner-pat@alerts.test', 'a-password-123');
  const [offline1, warm1, door2, offline3, sync] = await reportConditions(server, [
    { kind: 'offline', assetId: 'AL-001', holding: true, since: T0, now: T0 + 60 },
    {
      kind: 'temperature',
      assetId: 'AL-001',
      subject: 'AL-001:left',
      holding: true,
      since: T0 + 100,
      details: { cid: 'AL-001', room: 'left', temperature: 9.5, peak: 11, low: 2, high: 8 },
      now: T0 + 160,
    },
    { kind: 'door', assetId: 'AL-002', holding: true, since: T0 + 200, now: T0 + 260 },
    { kind: 'offline', assetId: 'AL-003', holding: true, since: T0 + 300, now: T0 + 360 },
    { kind: 'syncFailing', subject: 'trades', holding: true, since: T0 + 400, now: T0 + 460 },
  ]);
  Object.assign(ids, { offline1, warm1, door2, offline3, sync });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('the alert list', () => {
  it('lists alerts newest first with their machine, details and state', async () => {
    const r = await list();
    expect(r.status).toBe(200);
    expect(r.body.items.map((a) => a.id)).toEqual([
      ids.sync,
      ids.offline3,
      ids.door2,
      ids.warm1,
      ids.offline1,
    ]);
    const warm = r.body.items.find((a) => a.id === ids.warm1)!;
    expect(warm).toMatchObject({
      kind: 'temperature',
      assetId: 'AL-001',
      state: 'open',
      startedAt: T0 + 100,
      resolvedAt: null,
      acknowledgedBy: null,
      assignee: null,
      snoozed: false,
      name: '测试机#001',
      lineName: '京港地铁 14 号线',
      details: { peak: 11, room: 'left' },
    });
    expect(r.body.items[0]).toMatchObject({ kind: 'syncFailing', assetId: null, name: null });
  });

  it('filters by kind, machine and line', async () => {
    const ofKind = await list('?kind=offline');
    expect(ofKind.body.items.map((a) => a.id)).toEqual([ids.offline3, ids.offline1]);
    const ofMachine = await list('?assetId=AL-001');
    expect(ofMachine.body.items.map((a) => a.id)).toEqual([ids.warm1, ids.offline1]);
    const ofLine = await list(`?line=${lineId}`);
    expect(ofLine.body.items.map((a) => a.id)).toEqual([ids.door2, ids.warm1, ids.offline1]);
    expect((await list('?kind=offline&assetId=AL-002')).body.items).toEqual([]);
  });

  it('pages with a cursor: every alert once, in order', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: { status: number; body: Page } = await list(
        `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...r.body.items.map((a) => a.id));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual((await list()).body.items.map((a) => a.id));
  });

  it.each([
    ['state=bogus', 'state'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=abc', 'cursor'],
    ['cursor=1_2_3', 'cursor'],
    ['line=north', 'line'],
    ['line=-1', 'line'],
    ['snoozed=yes', 'snoozed'],
    ['kind=DROP%20TABLE', 'kind'],
    [`assetId=${'x'.repeat(65)}`, 'assetId'],
  ])('refuses %s with a 400 naming the parameter', async (query, name) => {
    const r = await getJson<{ error: { code: string; message: string } }>(
      server,
      `/api/v1/alerts?${query}`,
    );
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_QUERY');
    expect(r.body.error.message).toContain(name);
  });

  it('answers 404 for an alert that does not exist', async () => {
    for (const id of ['999999', 'abc', '0', '-1']) {
      const r = await getJson<{ error: { code: string } }>(server, `/api/v1/alerts/${id}`);
      expect(r.status, id).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    }
  });
});

describe('the lifecycle', () => {
  it('acknowledges with a note, once; the timeline and the audit log say who', async () => {
    const r = await act(ops, ids.offline1, 'ack', { note: '  on my way  ' });
    expect(r.status).toBe(200);
    expect(r.body.changed).toBe(true);
    expect(r.body.alert).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'Ops One',
      ackNote: 'on my way',
    });
    const again = await act(ops, ids.offline1, 'ack', { note: 'me too' });
    expect(again.status).toBe(200);
    expect(again.body.changed).toBe(false);
    expect(again.body.alert.ackNote).toBe('on my way');
    const d = await detail(ids.offline1);
    expect(d.body.timeline.map((e) => e.type)).toEqual(['opened', 'acknowledged']);
    expect(d.body.timeline[1]).toMatchObject({ by: 'Ops One', note: 'on my way' });
    expect(d.body.deliveries).toEqual([]);
    const audit = await getJson<{
      items: { action: string; targetId: string; actorLabel: string }[];
    }>(server, `/api/v1/audit?action=alert.ack&targetId=${ids.offline1}`);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      action: 'alert.ack',
      actorLabel: 'operations-ops@alerts.test',
    });
    expect((await list('?state=acknowledged')).body.items.map((a) => a.id)).toEqual([ids.offline1]);
    expect((await list('?state=open')).body.items.map((a) => a.id)).not.toContain(ids.offline1);
  });

  it('snoozes within bounds; open alerts still list it, flagged, and snoozed=1|0 filters', async () => {
    const before = Math.floor(Date.now() / 1000);
    const r = await act(ops, ids.door2, 'snooze', { minutes: 30 });
    expect(r.status).toBe(200);
    expect(r.body.alert.state).toBe('open');
    expect(r.body.alert.snoozed).toBe(true);
    expect(r.body.alert.snoozedUntil).toBeGreaterThanOrEqual(before + 1800);
    expect(r.body.alert.snoozedUntil).toBeLessThanOrEqual(before + 1800 + 5);
    const open = await list('?state=open');
    expect(open.body.items.find((a) => a.id === ids.door2)?.snoozed).toBe(true);
    expect((await list('?snoozed=1')).body.items.map((a) => a.id)).toEqual([ids.door2]);
    expect((await list('?snoozed=0')).body.items.map((a) => a.id)).not.toContain(ids.door2);
    for (const body of [
      { minutes: 4 },
      { minutes: 10081 },
      { minutes: 2.5 },
      { minutes: '30' },
      {},
    ]) {
      const bad = await act(ops, ids.door2, 'snooze', body);
      expect(bad.status, JSON.stringify(body)).toBe(422);
      expect(bad.body.error.message).toContain('minutes');
    }
    const d = await detail(ids.door2);
    expect(d.body.timeline.at(-1)).toMatchObject({ type: 'snoozed', by: 'Ops One' });
  });

  it('assigns to an active user and unassigns; operations can list whom', async () => {
    const who = await getJson<{ items: { id: number; name: string }[] }>(
      server,
      '/api/v1/alerts/assignees',
    );
    expect(who.status).toBe(200);
    expect(who.body.items.map((u) => u.name)).toContain('Ops One');
    expect(who.body.items.map((u) => u.id)).not.toContain(disabledId);
    const asOps = await authedFetch(ops, '/api/v1/alerts/assignees');
    expect(asOps.status).toBe(200);
    expect((await authedFetch(planner, '/api/v1/alerts/assignees')).status).toBe(403);

    const r = await act(ops, ids.warm1, 'assign', { userId: opsId });
    expect(r.status).toBe(200);
    expect(r.body.alert.assignee).toEqual({ id: opsId, name: 'Ops One' });
    expect(r.body.alert.state).toBe('open');
    for (const userId of [disabledId, 999999]) {
      const bad = await act(ops, ids.warm1, 'assign', { userId });
      expect(bad.status).toBe(422);
      expect(bad.body.error.message).toContain(`user ${userId}`);
    }
    for (const body of [{}, { userId: 'me' }, { userId: 0 }]) {
      expect((await act(ops, ids.warm1, 'assign', body)).status, JSON.stringify(body)).toBe(422);
    }
    const none = await act(ops, ids.warm1, 'assign', { userId: null });
    expect(none.body.alert.assignee).toBeNull();
    const d = await detail(ids.warm1);
    expect(d.body.timeline.map((e) => e.type)).toEqual(['opened', 'assigned', 'assigned']);
    const audit = await getJson<{ items: unknown[] }>(
      server,
      `/api/v1/audit?action=alert.assign&targetId=${ids.warm1}`,
    );
    expect(audit.body.items).toHaveLength(2);
  });

  it('resolves by hand only with a note; a resolved alert changes no more', async () => {
    for (const body of [{}, { note: '   ' }, { note: 'x'.repeat(2001) }]) {
      const bad = await act(ops, ids.offline1, 'resolve', body);
      expect(bad.status).toBe(422);
      expect(bad.body.error.message).toContain('note');
    }
    const r = await act(ops, ids.offline1, 'resolve', { note: 'power restored' });
    expect(r.status).toBe(200);
    expect(r.body.alert).toMatchObject({
      state: 'resolved',
      resolvedBy: 'Ops One',
      resolveNote: 'power restored',
    });
    expect(r.body.alert.resolvedAt).toBeGreaterThan(T0);
    for (const [action, body] of [
      ['ack', {}],
      ['resolve', { note: 'again' }],
      ['snooze', { minutes: 30 }],
      ['assign', { userId: opsId }],
    ] as const) {
      const refused = await act(ops, ids.offline1, action, body);
      expect(refused.status, action).toBe(409);
      expect(refused.body.error.code).toBe('ALERT_RESOLVED');
    }
    const d = await detail(ids.offline1);
    expect(d.body.timeline.map((e) => e.type)).toEqual(['opened', 'acknowledged', 'resolved']);
    const audit = await getJson<{ items: unknown[] }>(
      server,
      `/api/v1/audit?action=alert.resolve&targetId=${ids.offline1}`,
    );
    expect(audit.body.items).toHaveLength(1);
    expect((await list('?state=resolved')).body.items.map((a) => a.id)).toEqual([ids.offline1]);
  });

  it('shows an alert the condition resolved as resolved by nobody', async () => {
    await reportConditions(server, [{ kind: 'offline', assetId: 'AL-003', holding: false }]);
    const d = await detail(ids.offline3);
    expect(d.body).toMatchObject({ state: 'resolved', resolvedBy: null });
    expect(d.body.timeline.map((e) => e.type)).toEqual(['opened', 'resolved']);
  });

  it('refuses bad ids, bad bodies and roles without the right', async () => {
    expect((await act(ops, 999999, 'ack', {})).status).toBe(404);
    expect((await act(ops, 'abc', 'ack', {})).status).toBe(404);
    const notJson = await authedFetch(ops, `/api/v1/alerts/${ids.sync}/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{note:',
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('INVALID_JSON');
    const extra = await act(ops, ids.sync, 'ack', { note: 'x', state: 'resolved' });
    expect(extra.status).toBe(422);
    expect((await act(ops, ids.sync, 'ack', { note: 42 })).status).toBe(422);
    const refused = await act(planner, ids.sync, 'ack', {});
    expect(refused.status).toBe(403);
    expect((await authedFetch(planner, '/api/v1/alerts')).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/alerts`)).status).toBe(401);
    expect((await detail(ids.sync)).body.state).toBe('open');
  });
});
