import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/alerts';
import type { AlertListParams } from '@/db/queries/alerts';
import * as liteSchema from '@/db/schema';
import * as pgSchema from '@/db/engine/postgres/schema';
import { bothEngines, seedFleet, type Engines } from './fleet-reads-fixture';
import * as pg from './alerts';

let e: Engines;
const NOW = 10_000;

beforeAll(async () => {
  e = await bothEngines();
  await seedFleet(e);
  const user = (id: number, name: string, disabledAt: number | null = null) => ({
    id,
    email: `${id}@x`,
    name,
    role: 'operations',
    passwordHash: 'x',
    disabledAt,
    createdAt: 1,
    updatedAt: 1,
  });
  await e.insert('users', [
    user(1, 'bob'),
    user(2, 'Alice'),
    user(3, 'alice'),
    user(4, 'Zed', 5),
    user(5, 'Émile'),
    user(6, 'ALICE'),
  ]);
  const alert = (id: number, o: Record<string, unknown>) => ({
    id,
    kind: 'offline',
    assetId: 'A100',
    conditionKey: `k${id}`,
    state: 'open',
    startedAt: 1000,
    lastSeenAt: 2000,
    details: '{}',
    updatedAt: 2000,
    ...o,
  });
  await e.insert('alerts', [
    alert(1, { startedAt: 900, details: '{"shelves":3}', kind: 'low-stock' }),
    alert(2, { startedAt: 1000, assetId: 'a200', assigneeId: 2, snoozedUntil: NOW + 1 }),
    alert(3, { startedAt: 1000, assetId: 'C400', state: 'acknowledged', acknowledgedBy: 'bob' }),
    alert(4, {
      startedAt: 1100,
      assetId: null,
      kind: 'sync',
      subject: 'trades',
      details: '{"a":1,"bb":[1,2]}',
    }),
    alert(5, {
      startedAt: 1200,
      state: 'resolved',
      resolvedAt: 1300,
      resolvedBy: 'bob',
      resolveNote: 'done',
      snoozedUntil: NOW + 5,
    }),
    alert(6, { startedAt: 1000, assetId: 'GHOST', snoozedUntil: NOW }),
    alert(7, { startedAt: 1300, assetId: 'B300', assigneeId: 4 }),
  ]);
  await e.insert('alertEvents', [
    { id: 1, alertId: 2, at: 1000, type: 'opened' },
    {
      id: 2,
      alertId: 2,
      at: 1500,
      type: 'assigned',
      by: 'bob',
      note: 'yours',
      details: '{"to":2}',
    },
    { id: 3, alertId: 2, at: 1500, type: 'snoozed', by: 'Alice' },
    { id: 4, alertId: 3, at: 1000, type: 'opened' },
  ]);
  await e.insert('notificationChannels', [
    { id: 1, kind: 'webhook', name: 'hook', config: '{}', createdAt: 1, createdBy: 'bob' },
  ]);
  const delivery = (id: number, alertId: number, createdAt: number, o = {}) => ({
    id,
    dedupeKey: `d${id}`,
    channelId: 1,
    alertId,
    transition: 'opened',
    language: 'en',
    state: 'delivered',
    attempts: 1,
    nextAttemptAt: createdAt,
    createdAt,
    ...o,
  });
  await e.insert('notificationDeliveries', [
    delivery(1, 2, 1000, { deliveredAt: 1001, lastStatus: 200, lastAnswer: 'ok' }),
    delivery(2, 2, 1000, { state: 'failed', attempts: 25, lastStatus: 500 }),
    delivery(3, 3, 1000),
  ]);
  const attempts = Array.from({ length: 25 }, (_, i) => ({
    id: 10 + i,
    deliveryId: 2,
    at: 1000 + Math.floor(i / 2), // pairs at the same second: ties by id
    ok: false,
    status: 500,
    answer: `no ${i}`,
    durationMs: 5,
  }));
  await e.insert('notificationAttempts', [
    { id: 1, deliveryId: 1, at: 1001, ok: true, status: 200, answer: 'ok', durationMs: 3 },
    ...attempts,
  ]);
}, 60_000);

afterAll(async () => {
  await e?.stop();
});

/** Every page of a list, following the cursor, on one engine. */
async function pages(
  list: (p: AlertListParams) => Promise<{ items: { id: number }[]; nextCursor: string | null }>,
  p: Omit<AlertListParams, 'after'>,
) {
  const out = [];
  let after: AlertListParams['after'];
  for (let i = 0; i < 20; i++) {
    const page = await list({ ...p, after });
    out.push(page);
    if (!page.nextCursor) break;
    const [startedAt, id] = page.nextCursor.split('_').map(Number);
    after = { startedAt: startedAt!, id: id! };
  }
  return out;
}

describe('alert pages on PostgreSQL', () => {
  it('listAlerts answers as SQLite does, filter by filter, page by page', async () => {
    const filters: Omit<AlertListParams, 'after' | 'limit' | 'now'>[] = [
      {},
      { state: 'open' },
      { state: 'resolved' },
      { kind: 'sync' },
      { assetId: 'A100' },
      { lineId: 2 },
      { snoozed: true },
      { snoozed: false },
      { state: 'open', snoozed: false, kind: 'offline' },
      { kind: 'none' },
    ];
    for (const f of filters)
      for (const limit of [2, 3, 50]) {
        const p = { ...f, limit, now: NOW };
        expect(await pages((q) => pg.listAlerts(e.pg, q), p), JSON.stringify(p)).toEqual(
          await pages(async (q) => lite.listAlerts(e.lite, q), p),
        );
      }
    const first = await pg.listAlerts(e.pg, { limit: 3, now: NOW });
    // Newest first; alerts 2, 3 and 6 started together: by id, descending.
    expect(first.items.map((a) => a.id)).toEqual([7, 5, 4]);
    expect(first.nextCursor).toBe('1100_4');
    const next = await pg.listAlerts(e.pg, {
      limit: 3,
      now: NOW,
      after: { startedAt: 1100, id: 4 },
    });
    expect(next.items.map((a) => a.id)).toEqual([6, 3, 2]);
    expect(next.items[2]).toMatchObject({
      snoozed: true,
      assignee: { id: 2, name: 'Alice' },
      name: 'beta',
      lineId: 2,
      lineName: 'L2',
    });
    expect(first.items[2]!.details).toEqual({ a: 1, bb: [1, 2] });
  });

  it('getAlert and alertDetail answer as SQLite does', async () => {
    for (const id of [1, 2, 3, 5, 99]) {
      expect(await pg.getAlert(e.pg, id, NOW)).toEqual(await lite.getAlert(e.lite, id, NOW));
      expect(await pg.alertDetail(e.pg, id, NOW)).toEqual(await lite.alertDetail(e.lite, id, NOW));
    }
    const detail = (await pg.alertDetail(e.pg, 2, NOW))!;
    expect(detail.timeline.map((t) => [t.id, t.details])).toEqual([
      [1, null],
      [2, { to: 2 }],
      [3, null],
    ]);
    expect(detail.deliveries.map((d) => [d.id, d.channelName, d.log.length])).toEqual([
      [1, 'hook', 1],
      [2, 'hook', 20],
    ]);
    // The newest twenty: at 1012 (id 34) down to 1003 (id 15), the later id first in a second.
    expect(detail.deliveries[1]!.log.map((a) => a.answer).slice(0, 3)).toEqual([
      'no 24',
      'no 23',
      'no 22',
    ]);
    expect(detail.deliveries[1]!.log.at(-1)!.answer).toBe('no 5');
    expect(await pg.alertDetail(e.pg, 99, NOW)).toBeNull();
  });

  it('alertState, activeUsers and activeUser answer as SQLite does', async () => {
    for (const id of [2, 3, 99])
      expect(await pg.alertState(e.pg, id)).toEqual(await lite.alertState(e.lite, id));
    expect(await pg.alertState(e.pg, 3)).toEqual({
      id: 3,
      state: 'acknowledged',
      snoozedUntil: null,
      assigneeId: null,
      acknowledgedBy: 'bob',
    });
    const users = await pg.activeUsers(e.pg);
    expect(users).toEqual(await lite.activeUsers(e.lite));
    // ASCII case folded (ties by id), other letters by their bytes; a disabled user left out.
    expect(users.map((u) => u.id)).toEqual([2, 3, 6, 1, 5]);
    for (const id of [1, 4, 99])
      expect(await pg.activeUser(e.pg, id)).toEqual(await lite.activeUser(e.lite, id));
    expect(await pg.activeUser(e.pg, 1)).toEqual({ id: 1, name: 'bob' });
  });

  it('changeAlert leaves the same rows in both engines', async () => {
    const change = {
      state: 'acknowledged' as const,
      acknowledgedAt: 3000,
      acknowledgedBy: 'Alice',
      ackNote: 'on it',
    };
    const event = {
      at: 3000,
      type: 'acknowledged',
      by: 'Alice',
      note: 'on it',
      details: { from: 'open' },
    };
    await lite.changeAlert(e.lite, 7, change, event);
    await pg.changeAlert(e.pg, 7, change, event);
    const plain = { at: 3100, type: 'snoozed', by: 'bob' };
    await lite.changeAlert(e.lite, 7, { snoozedUntil: 9999 }, plain);
    await pg.changeAlert(e.pg, 7, { snoozedUntil: 9999 }, plain);
    const liteAlerts = e.lite
      .select()
      .from(liteSchema.alerts)
      .orderBy(asc(liteSchema.alerts.id))
      .all();
    const pgAlerts = await e.pg.select().from(pgSchema.alerts).orderBy(asc(pgSchema.alerts.id));
    expect(pgAlerts).toEqual(liteAlerts);
    const liteEvents = e.lite
      .select()
      .from(liteSchema.alertEvents)
      .orderBy(asc(liteSchema.alertEvents.id))
      .all();
    const pgEvents = await e.pg
      .select()
      .from(pgSchema.alertEvents)
      .orderBy(asc(pgSchema.alertEvents.id));
    expect(pgEvents).toEqual(liteEvents);
    expect(pgAlerts.find((a) => a.id === 7)).toMatchObject({
      state: 'acknowledged',
      ackNote: 'on it',
      snoozedUntil: 9999,
      updatedAt: 3100,
    });
    expect(pgEvents.slice(-2).map((x) => [x.alertId, x.type, x.note, x.details])).toEqual([
      [7, 'acknowledged', 'on it', '{"from":"open"}'],
      [7, 'snoozed', null, null],
    ]);
  });
});
