import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgJournalLength } from '@/e2e/support/pg-cluster';
import * as lite from '@/db/queries/ops';
import * as pg from './ops';
import { bothOf, onBoth, openEngines, rowsOf, type Engines } from './ops-parity-support';

let e: Engines;
beforeAll(async () => {
  e = await openEngines();
  await onBoth(
    e,
    `insert into alerts (kind, condition_key, state, started_at, last_seen_at, updated_at) values
      ('offline', 'k1', 'open', 1, 1, 1), ('offline', 'k2', 'acknowledged', 1, 1, 1),
      ('offline', 'k3', 'resolved', 1, 1, 1), ('door', 'k4', 'open', 1, 1, 1),
      ('resolved-only', 'k5', 'resolved', 1, 1, 1);
    insert into notification_channels (kind, name, config, created_at, created_by)
      values ('webhook', 'ops', '{}', 1, 'x');
    insert into notification_deliveries
      (dedupe_key, channel_id, transition, language, state, next_attempt_at, created_at) values
      ('d1', 1, 'open', 'en', 'pending', 1, 1), ('d2', 1, 'open', 'en', 'delivered', 1, 1),
      ('d3', 1, 'open', 'en', 'delivered', 1, 1), ('d4', 1, 'open', 'en', 'failed', 1, 1);
    insert into sync_runs (job, params, state, trigger, created_at, finished_at) values
      ('trades', '{}', 'succeeded', 'schedule', 1, 100), ('trades', '{}', 'succeeded', 'schedule', 1, 300),
      ('trades', '{}', 'failed', 'schedule', 1, 400), ('machines', '{}', 'failed', 'manual', 1, 50),
      ('machines', '{}', 'running', 'manual', 1, null);`,
  );
}, 60_000);
afterAll(async () => e?.stop());
const both = bothOf(() => e, lite, pg);

describe('health and metrics figures on PostgreSQL, as on SQLite', () => {
  it('open alerts per kind, deliveries per state, runs per job and state', async () => {
    const [a1, a2] = await both((s, db) => s.openAlertsByKind(db));
    expect(a2).toEqual(a1);
    expect(a2).toEqual([
      { kind: 'door', n: 1 },
      { kind: 'offline', n: 2 },
    ]);
    const [d1, d2] = await both((s, db) => s.deliveriesByState(db));
    expect(d2).toEqual(d1);
    expect(d2).toEqual([
      { state: 'delivered', n: 2 },
      { state: 'failed', n: 1 },
      { state: 'pending', n: 1 },
    ]);
    const [r1, r2] = await both((s, db) => s.syncRunsByJob(db));
    expect(r2).toEqual(r1);
    expect(r2).toEqual([
      { job: 'machines', state: 'failed', n: 1, lastOk: null },
      { job: 'machines', state: 'running', n: 1, lastOk: null },
      { job: 'trades', state: 'failed', n: 1, lastOk: null },
      { job: 'trades', state: 'succeeded', n: 2, lastOk: 300 },
    ]);
  });

  it('the heartbeat writes one leases row, rewritten', async () => {
    await both((s, db) => s.writeHeartbeat(db, { holder: '11', now: 5 }));
    await both((s, db) => s.writeHeartbeat(db, { holder: '12', now: 6 }));
    const t = await rowsOf(e, 'leases', 'name');
    expect(t.pg).toEqual(t.lite);
    expect(t.pg).toEqual([{ name: 'readyz', holder: '12', expires_at: 6 }]);
  });

  it('the heartbeat under a lowered timeout: done within it, or refused when a lock is held', async () => {
    await pg.withBusyTimeout(e.pg, 200, (tx) => pg.writeHeartbeat(tx, { holder: '13', now: 7 }));
    await e.pg.transaction(async (tx) => {
      await pg.writeHeartbeat(tx, { holder: 'locker', now: 8 });
      const started = Date.now();
      const refused = await pg
        .withBusyTimeout(e.pg, 150, (t) => pg.writeHeartbeat(t, { holder: '14', now: 9 }))
        .then(
          () => undefined,
          (err: Error) => err.cause as { code?: string; message?: string },
        );
      // 55P03 lock_not_available (lock_timeout) or 57014 query_canceled (statement_timeout):
      // whichever of the two equal timeouts fires first.
      expect(refused?.code).toMatch(/^(55P03|57014)$/);
      expect(Date.now() - started).toBeLessThan(2000);
    });
    const held = await e.pg.$client.query<{ holder: string }>(`select holder from leases`);
    expect(held.rows).toEqual([{ holder: 'locker' }]);
    // The pooled connections keep their usual timeout afterwards.
    const t = await e.pg.$client.query<{ lock_timeout: string }>('show lock_timeout');
    expect(t.rows[0]!.lock_timeout).toBe('0');
  });

  it('the migrations applied, the database file, the version', async () => {
    const got = await pg.appliedMigrations(e.pg);
    // One row per entry of PostgreSQL's own journal (its count, not SQLite's).
    expect(pgJournalLength()).toBeGreaterThan(2);
    expect(got.n).toBe(pgJournalLength());
    expect(typeof got.last).toBe('number');
    const liteGot = await lite.appliedMigrations(e.lite);
    expect(Object.keys(got)).toEqual(Object.keys(liteGot));
    expect(await pg.databaseFile(e.pg)).toBeUndefined();
    expect(await lite.databaseFile(e.lite)).toBeUndefined();
    const version = await pg.databaseVersion(e.pg);
    expect(version()).not.toBe(version());
  });
});
