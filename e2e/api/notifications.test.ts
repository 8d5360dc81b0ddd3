import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { reportCondition } from '@/lib/alerts/conditions';
import { AT_ONCE } from '../support/alerts';
import { sendJson } from '../support/auth';
import { deviceMessage } from '../support/messages';
import {
  closeServerDb,
  createWebhookChannel,
  serverDb,
  sleep,
  startReceiver,
  waitFor,
} from '../support/notifications';
import { peek, type Peek } from '../support/peek';
import { push } from '../support/push';
import { startServer, type RunningServer } from '../support/server';
import { mapSeries } from '@/lib/ops/series';

/**
 * Rules, the outbox and the delivery worker against the real server and local webhook
 * receivers. Alerts are raised the way the evaluator raises them, by reportCondition on the
 * server's database file from this process (the evaluator itself is area A's); the server's
 * worker, polling every NOTIFY_TICK_MS, delivers them.
 */
const ENV = {
  NOTIFY_TICK_MS: '100',
  NOTIFY_RETRY_MIN_MS: '100',
  NOTIFY_RETRY_MAX_MS: '400',
};
const now = () => Math.floor(Date.now() / 1000);

let server: RunningServer;
let db: Db;
let p: Peek;
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];

async function receiver() {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

async function raise(assetId: string | null, kind = 'offline', since?: number) {
  await reportCondition(db, {
    rule: AT_ONCE,
    kind,
    assetId,
    holding: true,
    since,
    details: { minutes: 0 },
    now: now(),
  });
  return (await alertsOf(`${kind}|${assetId ?? ''}|`)).at(-1)!;
}
/** The alerts of one condition, oldest first. */
const alertsOf = (conditionKey: string) =>
  p.all<{ id: number; state: string; startedAt: number }>(
    'select id, state, started_at as startedAt from alerts where condition_key = ? order by id',
    conditionKey,
  );
const escalatedAt = async (id: number) =>
  (await p.get<{ escalatedAt: number | null }>(
    'select escalated_at as escalatedAt from alerts where id = ?',
    id,
  ))!.escalatedAt;
const resolve = async (assetId: string | null, kind = 'offline') =>
  await reportCondition(db, { rule: AT_ONCE, kind, assetId, holding: false, now: now() });

async function rule(body: Record<string, unknown>) {
  const r = await sendJson<{ id: number }>(
    server.admin!,
    'POST',
    '/api/v1/notification-rules',
    body,
  );
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

beforeAll(async () => {
  server = await startServer(ENV);
  db = serverDb(server);
  p = peek(server);
  for (const id of ['NT-001', 'NT-002', 'NT-003'])
    expect((await push(server, 'device', deviceMessage(id))).status).toBe(200);
});

afterAll(async () => {
  if (db) await closeServerDb(db);
  await p?.close();
  for (const r of receivers) await r.close();
  await server?.stop();
});

describe('notification rules API', () => {
  it('refuses what it cannot keep, with the reason', async () => {
    const channel = await createWebhookChannel(server, 'rules', (await receiver()).url);
    const bad = async (body: unknown, says: string) => {
      const r = await sendJson<{ error: { code: string; message: string } }>(
        server.admin!,
        'POST',
        '/api/v1/notification-rules',
        body,
      );
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.message).toContain(says);
    };
    await bad({ channelId: 99999 }, 'channel 99999 does not exist');
    await bad({ channelId: channel, kinds: ['warmish'] }, 'kinds');
    await bad({ channelId: channel, lines: [424242] }, 'no line 424242');
    await bad({ channelId: channel, quietHours: { from: '22:00', to: '7:00' } }, 'HH:MM');
    await bad({ channelId: channel, escalateAfterMinutes: 5 }, 'go together');
    await bad({ channelId: channel, assetIds: Array(501).fill('X') }, 'at most 500');
    await bad({ channelId: channel, colour: 'red' }, 'colour');
    const id = await rule({
      channelId: channel,
      kinds: ['door'],
      quietHours: { from: '22:00', to: '07:00' },
    });
    const list = await sendJson<{
      items: { id: number; quietHours: unknown }[];
      channels: { id: number }[];
    }>(server.admin!, 'GET', '/api/v1/notification-rules');
    expect(list.body.items.find((r) => r.id === id)?.quietHours).toEqual({
      from: '22:00',
      to: '07:00',
    });
    expect(list.body.channels.map((c) => c.id)).toContain(channel);
    expect(
      (await sendJson(server.admin!, 'DELETE', `/api/v1/notification-rules/${id}`)).status,
    ).toBe(200);
    expect(
      (await sendJson(server.admin!, 'DELETE', `/api/v1/notification-rules/${id}`)).status,
    ).toBe(404);
    const audit = await sendJson<{ items: { action: string }[] }>(
      server.admin!,
      'GET',
      '/api/v1/audit?action=notification.rule_delete',
    );
    expect(audit.body.items.length).toBe(1);
  });
});

describe('delivery', () => {
  it('tells the rule’s channel of an offline machine once, in the documented body; its resolution once, only there', async () => {
    const hook = await receiver();
    const later = await receiver();
    const channel = await createWebhookChannel(server, 'ops', hook.url);
    await rule({ channelId: channel, kinds: ['offline'], assetIds: ['NT-001'] });
    const alert = await raise('NT-001');
    await raise('NT-001'); // still offline: the same alert, nothing new to tell
    await raise('NT-002'); // no rule takes NT-002
    await waitFor('the opened message', () => hook.accepted().length === 1);
    expect(hook.received[0]!.body).toEqual({
      event: 'alert.opened',
      alert: {
        id: alert.id,
        kind: 'offline',
        assetId: 'NT-001',
        state: 'open',
        startedAt: alert.startedAt,
        resolvedAt: null,
        details: { minutes: 0 },
      },
      // The alert's page on APP_URL (unset here: the same-origin check would refuse the test's sign-in).
      url: `/alerts/${alert.id}`,
    });
    // A rule added after the start was not told of it, so it is not told of the end either.
    await rule({
      channelId: await createWebhookChannel(server, 'late', later.url),
      kinds: ['offline'],
    });
    await resolve('NT-001');
    await resolve('NT-001');
    await waitFor('the resolved message', () => hook.accepted().length === 2);
    await sleep(800);
    expect(hook.received.map((r) => [r.body.event, r.body.alert?.id, r.body.alert?.state])).toEqual(
      [
        ['alert.opened', alert.id, 'open'],
        ['alert.resolved', alert.id, 'resolved'],
      ],
    );
    expect(later.received.filter((r) => r.body.alert?.id === alert.id)).toEqual([]);
  });

  it('delivers every message exactly once to a receiver that was down for a while, and shows its answers', async () => {
    const hook = await receiver();
    hook.answerWith(() => 500);
    const channel = await createWebhookChannel(server, 'flaky', hook.url);
    await rule({ channelId: channel, kinds: ['door'] });
    const raised = await mapSeries(
      ['NT-001', 'NT-002', 'NT-003'],
      async (id) => (await raise(id, 'door')).id,
    );
    await waitFor('several failed attempts', () => hook.received.length >= 6);
    // The channel keeps failing: it raises its own alert.
    const failing = () => alertsOf(`channelFailing||${channel}`);
    await waitFor('the channel-failing alert', async () =>
      (await failing()).some((a) => a.state === 'open'),
    );
    const down = await sendJson<{
      items: {
        state: string;
        attempts: number;
        lastAnswer: string;
        log: { ok: boolean; status: number; answer: string }[];
      }[];
    }>(server.admin!, 'GET', `/api/v1/notification-deliveries?channelId=${channel}&state=pending`);
    expect(down.body.items.length).toBe(3);
    expect(down.body.items[0]!.log[0]).toMatchObject({
      ok: false,
      status: 500,
      answer: 'receiver down',
    });
    hook.answerWith(() => 200);
    await waitFor('every message', () => hook.accepted().length === 3, 20_000);
    await sleep(1500);
    expect(
      hook
        .accepted()
        .map((r) => r.body.alert!.id)
        .sort(),
    ).toEqual(raised.sort());
    await waitFor('the channel alert resolved', async () =>
      (await failing()).every((a) => a.state === 'resolved'),
    );
    const ch = (await p.get<{ failures: number; lastOkAt: number | null }>(
      'select failures, last_ok_at as lastOkAt from notification_channels where id = ?',
      channel,
    ))!;
    expect(ch.failures).toBe(0);
    expect(ch.lastOkAt).toBeGreaterThan(0);
    const done = await sendJson<{ items: { state: string; attempts: number }[] }>(
      server.admin!,
      'GET',
      `/api/v1/notification-deliveries?channelId=${channel}`,
    );
    expect(done.body.items.map((d) => d.state)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(done.body.items.every((d) => d.attempts > 1)).toBe(true);
    for (const id of ['NT-001', 'NT-002', 'NT-003']) await resolve(id, 'door');
  });

  it('keeps trying a receiver that refuses connections, and delivers once when it listens again', async () => {
    const gone = await startReceiver();
    await gone.close(); // nothing listens on its port now
    const channel = await createWebhookChannel(server, 'refusing', gone.url);
    await rule({ channelId: channel, kinds: ['clockAhead'] });
    const alert = await raise('NT-001', 'clockAhead');
    const pending = () =>
      sendJson<{ items: { attempts: number; log: { status: number | null; answer: string }[] }[] }>(
        server.admin!,
        'GET',
        `/api/v1/notification-deliveries?channelId=${channel}&state=pending`,
      );
    await waitFor(
      'two refused attempts',
      async () => ((await pending()).body.items[0]?.attempts ?? 0) >= 2,
    );
    const log = (await pending()).body.items[0]!.log;
    expect(log[0]!.status).toBeNull();
    const back = await startReceiver(gone.port);
    receivers.push(back);
    await waitFor('the message', () => back.accepted().length === 1);
    await sleep(1000);
    expect(back.received.map((r) => [r.body.event, r.body.alert!.id])).toEqual([
      ['alert.opened', alert.id],
    ]);
    await resolve('NT-001', 'clockAhead');
  });

  it('escalates an unacknowledged alert once to the second channel, not an acknowledged one; the end reaches both channels once', async () => {
    const first = await receiver();
    const second = await receiver();
    const a = await createWebhookChannel(server, 'first line', first.url);
    const b = await createWebhookChannel(server, 'on call', second.url);
    await rule({ channelId: a, kinds: ['fault'], escalateAfterMinutes: 1, escalateChannelId: b });
    // Both started 50 s ago: due for escalation 10 s from now.
    const acked = await raise('NT-002', 'fault', now() - 50);
    await p.run(
      "update alerts set state = 'acknowledged', acknowledged_at = ?, acknowledged_by = 'test' where id = ?",
      now(),
      acked.id,
    );
    const open = await raise('NT-003', 'fault', now() - 50);
    await waitFor('the escalation', () => second.accepted().length === 1, 20_000);
    expect(second.received[0]!.body).toMatchObject({
      event: 'alert.escalated',
      alert: { id: open.id },
    });
    expect(await escalatedAt(open.id)).toBeGreaterThan(0);
    await sleep(1500);
    expect(second.accepted().length).toBe(1);
    expect(await escalatedAt(acked.id)).toBeNull();
    await resolve('NT-003', 'fault');
    await waitFor(
      'the end on both',
      () => second.accepted().length === 2 && first.accepted().length === 3,
    );
    await sleep(800);
    const events = (r: typeof first) =>
      r.accepted().map((x) => `${x.body.event}:${x.body.alert!.id}`);
    expect(events(second)).toEqual([`alert.escalated:${open.id}`, `alert.resolved:${open.id}`]);
    expect(events(first).sort()).toEqual(
      [`alert.opened:${acked.id}`, `alert.opened:${open.id}`, `alert.resolved:${open.id}`].sort(),
    );
  });
});
