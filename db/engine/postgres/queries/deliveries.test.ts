import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/deliveries';
import * as pg from './deliveries';
import { bothOf, onBoth, openEngines, rowsOf, type Engines } from './ops-parity-support';

let e: Engines;
beforeAll(async () => {
  e = await openEngines();
  // Explicit ids: no function of the module inserts channels or alerts.
  await onBoth(
    e,
    `insert into notification_channels (id, kind, name, config, created_at, created_by, failures)
      values (1, 'webhook', 'ops', '{}', 1, 'x', 2), (2, 'email', 'boss', '{}', 1, 'x', 0);
    insert into alerts (id, kind, asset_id, condition_key, state, started_at, last_seen_at,
        snoozed_until, escalated_at, updated_at) values
      (1, 'offline', 'M1', 'k1', 'open', 300, 1, null, null, 1),
      (2, 'door', 'M2', 'k2', 'open', 100, 1, 900, null, 1),
      (3, 'offline', 'M3', 'k3', 'open', 200, 1, 400, null, 1),
      (4, 'offline', 'M4', 'k4', 'acknowledged', 50, 1, null, null, 1),
      (5, 'offline', 'M5', 'k5', 'open', 100, 1, null, 77, 1),
      (6, 'offline', 'M6', 'k6', 'open', 100, 1, null, null, 1);`,
  );
}, 60_000);
afterAll(async () => e?.stop());
const both = bothOf(() => e, lite, pg);

const delivery = (i: number, over: Partial<lite.NewDelivery>): lite.NewDelivery => ({
  dedupeKey: `k${i}`,
  channelId: 1,
  ruleId: null,
  alertId: 1,
  transition: 'opened',
  language: 'zh-CN',
  state: 'pending',
  nextAttemptAt: 100,
  createdAt: 90,
  ...over,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the notification outbox on PostgreSQL, as on SQLite', () => {
  it('queue once, due in order, claim by attempt count, attempts, finish, postpone', async () => {
    const queue = [
      delivery(1, {}),
      delivery(2, { nextAttemptAt: 50, alertId: 2 }),
      delivery(3, { nextAttemptAt: 100, channelId: 2, transition: 'resolved' }),
      delivery(4, { nextAttemptAt: 500 }),
      delivery(5, { state: 'held', nextAttemptAt: 100, language: 'en' }),
      delivery(6, { state: 'held', nextAttemptAt: 100, channelId: 2, alertId: 3 }),
      delivery(7, { state: 'held', nextAttemptAt: 999 }),
      delivery(1, { nextAttemptAt: 1 }), // the same key again: nothing
    ];
    const ids: (number | undefined)[] = [];
    for (const q of queue) {
      const [a, b] = await both((s, db) => s.queueDelivery(db, q));
      expect(b).toBe(a);
      ids.push(b);
    }
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, undefined]);
    const [u1, u2] = await both((s, db) => s.dueDeliveries(db, { now: 100, limit: 10, skip: [] }));
    expect(u2).toEqual(u1);
    expect(u2.map((r) => r.id)).toEqual([2, 1, 3]);
    const [k1, k2] = await both((s, db) => s.dueDeliveries(db, { now: 100, limit: 1, skip: [2] }));
    expect(k2).toEqual(k1);
    expect(k2.map((r) => r.id)).toEqual([1]);

    const [c1, c2] = await both((s, db) =>
      s.claimDelivery(db, { id: 1, attempts: 0, holdUntil: 160 }),
    );
    expect(c2).toEqual(c1);
    expect(c2).toMatchObject({ id: 1, attempts: 1, nextAttemptAt: 160 });
    expect(
      await both((s, db) => s.claimDelivery(db, { id: 1, attempts: 0, holdUntil: 170 })),
    ).toEqual([undefined, undefined]);
    expect(
      await both((s, db) => s.claimDelivery(db, { id: 5, attempts: 0, holdUntil: 170 })),
    ).toEqual([undefined, undefined]); // held, not pending

    const long = 'x'.repeat(700);
    const attempts = [
      { deliveryId: 1, at: 161, ok: false, status: 502, answer: long, durationMs: 30 },
      { deliveryId: 1, at: 165, ok: true, status: 200, answer: 'ok', durationMs: 12 },
      { deliveryId: 2, at: 161, ok: false, status: null, answer: 'timeout', durationMs: 5000 },
    ];
    for (const a of attempts) await both((s, db) => s.recordAttempt(db, a));
    await both((s, db) => s.finishDeliveries(db, { ids: [1], state: 'delivered', at: 166 }));
    await both((s, db) => s.finishDeliveries(db, { ids: [2, 4], state: 'failed', at: 167 }));
    await both((s, db) => s.finishDeliveries(db, { ids: [], state: 'failed', at: 167 }));
    await both((s, db) => s.postponeDelivery(db, { id: 3, until: 400 }));

    const t = await rowsOf(e, 'notification_deliveries', 'id');
    expect(t.pg).toEqual(t.lite);
    const a = await rowsOf(e, 'notification_attempts', 'id');
    // ok is a boolean column on PostgreSQL, 0/1 on SQLite.
    expect(a.pg).toEqual(
      a.lite.map((r) => ({ ...(r as object), ok: (r as { ok: number }).ok === 1 })),
    );
    const [s1, s2] = await both((s, db) => s.deliveryState(db, 1));
    expect([s1, s2]).toEqual(['delivered', 'delivered']);
    expect(await both((s, db) => s.deliveryState(db, 99))).toEqual([undefined, undefined]);
    const [o1, o2] = await both((s, db) => s.deliveriesOfAlert(db, 1));
    expect(o2).toEqual(o1);
    expect(o2.map((r) => [r.id, r.state, r.lastStatus, r.lastAnswer?.length])).toEqual([
      [1, 'delivered', 200, 2],
      [3, 'pending', null, undefined],
      [4, 'failed', null, undefined],
      [5, 'held', null, undefined],
      [7, 'held', null, undefined],
    ]);
    const [b1, b2] = await both((s, db) => s.deliveriesByIds(db, [7, 1, 42]));
    expect(b2).toEqual(b1);
    expect(b2.map((r) => r.id)).toEqual([1, 7]);
    expect(await both((s, db) => s.deliveriesByIds(db, []))).toEqual([[], []]);
  });

  it('held messages released, marked digested', async () => {
    const [h1, h2] = await both((s, db) => s.releasedHeld(db, 100));
    expect(h2).toEqual(h1);
    expect(h2.map((r) => r.id)).toEqual([5, 6]);
    await both((s, db) => s.markDigested(db, { ids: [5], digestId: 8 }));
    const [g1, g2] = await both((s, db) => s.releasedHeld(db, 100));
    expect(g2).toEqual(g1);
    expect(g2.map((r) => r.id)).toEqual([6]);
    const [x1, x2] = await both((s, db) => s.deliveriesByIds(db, [5]));
    expect(x2).toEqual(x1);
    expect(x2[0]?.payload).toBe('{"digest":8}');
  });

  it('the log: filters, pages by cursor, attempts of the page', async () => {
    const cases = [
      { limit: 3 },
      { limit: 3, cursor: 4 },
      { limit: 10, state: 'held' as const },
      { limit: 10, channelId: 2 },
      { limit: 10, alertId: 2 },
      { limit: 10, alertId: 9 },
    ];
    const shapes: unknown[] = [];
    for (const c of cases) {
      const [a, b] = await both((s, db) => s.listDeliveries(db, c));
      // ok: boolean on both through Drizzle.
      expect(b, JSON.stringify(c)).toEqual(a);
      shapes.push([b.page.map((r) => r.d.id), b.attempts.map((x) => x.id), b.nextCursor]);
    }
    expect(shapes).toEqual([
      [[7, 6, 5], [], 5],
      [[3, 2, 1], [1, 3, 2], null],
      [[7, 6, 5], [], null],
      [[6, 3], [], null],
      [[2], [3], null],
      [[], [], null],
    ]);
    const [a] = await pg.listDeliveries(e.pg, { limit: 1, state: 'delivered' }).then((r) => r.page);
    expect(a).toMatchObject({
      channelName: 'ops',
      channelKind: 'webhook',
      alertKind: 'offline',
      assetId: 'M1',
    });
  });

  it('alerts: escalation candidates, by id, marked escalated once, events', async () => {
    const [c1, c2] = await both((s, db) =>
      s.escalationCandidates(db, { startedBy: 250, now: 500 }),
    );
    expect(c2).toEqual(c1);
    expect(c2.map((r) => r.id)).toEqual([6, 3]);
    const [m1, m2] = await both((s, db) => s.markEscalated(db, { alertId: 6, at: 600 }));
    expect([m1, m2]).toEqual([{ id: 6 }, { id: 6 }]);
    expect(await both((s, db) => s.markEscalated(db, { alertId: 6, at: 601 }))).toEqual([
      undefined,
      undefined,
    ]);
    expect(await both((s, db) => s.markEscalated(db, { alertId: 4, at: 601 }))).toEqual([
      undefined,
      undefined,
    ]);
    const [a1, a2] = await both((s, db) => s.alertById(db, 6));
    expect(a2).toEqual(a1);
    expect(a2).toMatchObject({ escalatedAt: 600, updatedAt: 600, details: '{}' });
    const [b1, b2] = await both((s, db) => s.alertsByIds(db, [5, 2, 77]));
    expect(b2).toEqual(b1);
    expect(b2.map((r) => r.id)).toEqual([2, 5]);
    expect(await both((s, db) => s.alertsByIds(db, []))).toEqual([[], []]);
    await both((s, db) =>
      s.addAlertEvent(db, { alertId: 6, at: 600, type: 'escalated', details: { to: 2 } }),
    );
    await both((s, db) => s.addAlertEvent(db, { alertId: 6, at: 601, type: 'noted' }));
    const t = await rowsOf(e, 'alert_events', 'id');
    expect(t.pg).toEqual(t.lite);
    expect((t.pg as { details: string | null }[]).map((r) => r.details)).toEqual([
      '{"to":2}',
      null,
    ]);
    const [n1, n2] = await both((s, db) => s.noteChannelResult(db, { channelId: 1 }));
    expect([n1, n2]).toEqual([
      { name: 'ops', failures: 2 },
      { name: 'ops', failures: 2 },
    ]);
  });
});

describe('claims across processes (PostgreSQL)', () => {
  it('four processes claiming the same messages at once: each message claimed once', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push((await pg.queueDelivery(e.pg, delivery(100 + i, { nextAttemptAt: 10 })))!);
    }
    const claims = await Promise.all(
      ids.flatMap((id) =>
        [0, 1, 2, 3].map((p) => pg.claimDelivery(e.pg, { id, attempts: 0, holdUntil: 1000 + p })),
      ),
    );
    const won = claims.filter((c) => c !== undefined);
    expect(won.map((c) => c.id).sort((a, b) => a - b)).toEqual(ids);
    expect(won.every((c) => c.attempts === 1)).toBe(true);
  });

  it('a claim meeting another process’s open claim returns at once, empty', async () => {
    const id = (await pg.queueDelivery(e.pg, delivery(200, { nextAttemptAt: 10 })))!;
    await e.pg.transaction(async (tx) => {
      expect(await pg.claimDelivery(tx, { id, attempts: 0, holdUntil: 50 })).toBeDefined();
      const started = Date.now();
      expect(await pg.claimDelivery(e.pg, { id, attempts: 0, holdUntil: 60 })).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(1000);
    });
    expect(await pg.claimDelivery(e.pg, { id, attempts: 0, holdUntil: 70 })).toBeUndefined();
    expect((await pg.deliveriesByIds(e.pg, [id]))[0]).toMatchObject({
      attempts: 1,
      nextAttemptAt: 50,
    });
  });

  it('two processes building digests at once: the second skips the messages the first took', async () => {
    const held = [
      (await pg.queueDelivery(
        e.pg,
        delivery(300, { state: 'held', nextAttemptAt: 10, channelId: 2 }),
      ))!,
      (await pg.queueDelivery(
        e.pg,
        delivery(301, { state: 'held', nextAttemptAt: 10, channelId: 2 }),
      ))!,
    ];
    const before = (await pg.releasedHeld(e.pg, 100)).map((r) => r.id);
    expect(before).toEqual(expect.arrayContaining(held));
    let secondSaw: number[] | undefined;
    await e.pg.transaction(async (tx) => {
      const mine = (await pg.releasedHeld(tx, 100)).map((r) => r.id);
      expect(mine).toEqual(before);
      secondSaw = await e.pg.transaction(async (tx2) =>
        (await pg.releasedHeld(tx2, 100)).map((r) => r.id),
      );
      await sleep(10);
      await pg.markDigested(tx, { ids: mine, digestId: 999 });
    });
    expect(secondSaw).toEqual([]);
    expect(await pg.releasedHeld(e.pg, 100)).toEqual([]);
  });
});
