import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { reportCondition } from '@/lib/alerts/conditions';
import { AT_ONCE } from '../support/alerts';
import { sendJson } from '../support/auth';
import {
  closeServerDb,
  createWebhookChannel,
  serverDb,
  sleep,
  startReceiver,
  waitFor,
} from '../support/notifications';
import { withPeek } from '../support/peek';
import { startServer, type RunningServer } from '../support/server';

/**
 * Delivery across two app processes on one database, and quiet hours turning into one digest.
 * Alerts are raised by reportCondition on the servers' database file (the evaluator is area A's).
 */
const ENV = { NOTIFY_TICK_MS: '100', NOTIFY_RETRY_MIN_MS: '100', NOTIFY_RETRY_MAX_MS: '400' };
const now = () => Math.floor(Date.now() / 1000);

let one: RunningServer;
let two: RunningServer;
let db: Db;
let hook: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  hook = await startReceiver();
  one = await startServer(ENV);
  two = await startServer(ENV, 'server.ts', { databaseFile: one.databaseFile });
  db = serverDb(one);
});

afterAll(async () => {
  if (db) await closeServerDb(db);
  await hook?.close();
  await two?.stop();
  await one?.stop();
});

/** Local HH:MM in the fleet's time zone (the default, Asia/Shanghai) at epoch second `t`. */
const local = (t: number) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(t * 1000));

describe('two app processes on one database', () => {
  it('deliver each message once', async () => {
    const channel = await createWebhookChannel(one, 'shared', hook.url);
    const r = await sendJson(two.admin!, 'POST', '/api/v1/notification-rules', {
      channelId: channel,
      kinds: ['soldOut'],
    });
    expect(r.status).toBe(201);
    const ids = Array.from({ length: 40 }, (_, i) => `PX-${i}`);
    for (const id of ids)
      await reportCondition(db, {
        rule: AT_ONCE,
        kind: 'soldOut',
        assetId: id,
        holding: true,
        now: now(),
      });
    await waitFor('40 messages', () => hook.accepted().length >= 40, 20_000);
    await sleep(1500);
    const seen = hook.accepted().map((x) => x.body.alert!.assetId);
    expect(seen.length).toBe(40);
    expect(new Set(seen).size).toBe(40);
  });
});

describe('quiet hours', () => {
  it('hold the messages, then send ONE digest when they end, a resolution folded in', async () => {
    // A window from this minute to the next (so it ends within a minute), not too near its end.
    while (new Date().getSeconds() > 40) await sleep(500);
    const t = now();
    const channel = await createWebhookChannel(one, 'night', hook.url);
    expect(
      (
        await sendJson(one.admin!, 'POST', '/api/v1/notification-rules', {
          channelId: channel,
          kinds: ['stale'],
          quietHours: { from: local(t), to: local(t + 60) },
          language: 'en',
        })
      ).status,
    ).toBe(201);
    const before = hook.received.length;
    for (const id of ['Q-1', 'Q-2', 'Q-3'])
      await reportCondition(db, {
        rule: AT_ONCE,
        kind: 'stale',
        assetId: id,
        holding: true,
        now: now(),
      });
    await reportCondition(db, {
      rule: AT_ONCE,
      kind: 'stale',
      assetId: 'Q-2',
      holding: false,
      now: now(),
    });
    await sleep(1000);
    expect(hook.received.length).toBe(before);
    const held = await sendJson<{ items: unknown[] }>(
      one.admin!,
      'GET',
      `/api/v1/notification-deliveries?channelId=${channel}&state=held`,
    );
    expect(held.body.items.length).toBe(4); // three starts and one resolution
    await waitFor('the digest', () => hook.received.length > before, 70_000);
    await sleep(1500);
    const sent = hook.received.slice(before);
    expect(sent.length).toBe(1);
    expect(sent[0]!.body.event).toBe('digest');
    const states = Object.fromEntries(
      sent[0]!.body.alerts!.map((a) => [(a as unknown as { assetId: string }).assetId, a.state]),
    );
    expect(states).toEqual({ 'Q-1': 'open', 'Q-2': 'resolved', 'Q-3': 'open' });
    const rows = await withPeek(one, (p) =>
      p.all<{ state: string }>(
        'select state from notification_deliveries where channel_id = ? order by id',
        channel,
      ),
    );
    expect(rows.map((r) => r.state)).toEqual(Array(5).fill('delivered'));
  }, 120_000);
});
