import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '@/e2e/support/pg-cluster';
import { openDatabase, type Db } from '@/db/client';
import { UTC_CALENDAR } from '@/db/rollups';
import * as S from '@/db/queries/sync';
import { migratePg, openPg, type PgDb } from '../client';
import * as P from './sync';

let cluster: PgCluster;
let pg: PgDb;
let lite: Db;

beforeAll(async () => {
  cluster = await startPgCluster();
  await migratePg(cluster.url);
  pg = openPg(cluster.url, { max: 4 });
  lite = openDatabase(':memory:', { calendar: UTC_CALENDAR });
}, 60_000);

afterAll(async () => {
  await pg?.$client.end();
  cluster?.stop();
});

/** Calls the SQLite function and ours with the same arguments; both answers, once equal. */
async function both<A extends unknown[], T>(
  s: (db: Db, ...a: A) => T,
  p: (db: PgDb, ...a: A) => Promise<Awaited<T>>,
  ...a: A
): Promise<Awaited<T>> {
  const want = await s(lite, ...a);
  const got = await p(pg, ...a);
  expect(got).toEqual(want);
  return got;
}

const T0 = 1_780_000_000;

describe('sync runs on PostgreSQL, as on SQLite', () => {
  it('inserts, reads, lists and claims runs', async () => {
    const add = (job: S.SyncRunRow['job'], trigger: S.SyncRunRow['trigger'], at: number) =>
      both(S.insertRun, P.insertRun, { job, params: { since: at - 60 }, trigger, at });
    expect(await add('trades', 'schedule', T0)).toBe(1);
    await add('trades', 'ui', T0 + 1);
    await both(S.insertRun, P.insertRun, {
      job: 'goods',
      params: { assetId: 'A1' },
      trigger: 'api',
      requestedBy: 'ops@x',
      at: T0 + 2,
    });
    await add('reconcile', 'schedule', T0 + 3);
    await add('trades', 'schedule', T0 + 4);

    expect((await both(S.getRun, P.getRun, 3))?.requestedBy).toBe('ops@x');
    expect(await both(S.getRun, P.getRun, 99)).toBeUndefined();
    const trades = await both(S.listRuns, P.listRuns, { job: 'trades', limit: 2 });
    expect(trades.map((r) => r.id)).toEqual([5, 2]);
    const before = await both(S.listRuns, P.listRuns, { limit: 10, before: 4 });
    expect(before.map((r) => r.id)).toEqual([3, 2, 1]);

    // Same job running: the second claim is refused; another job's is not.
    expect(await both(S.claimRun, P.claimRun, 1, 111, T0 + 10)).toBe(true);
    expect(await both(S.claimRun, P.claimRun, 2, 222, T0 + 11)).toBe(false);
    expect(await both(S.claimRun, P.claimRun, 1, 222, T0 + 11)).toBe(false);
    expect(await both(S.claimRun, P.claimRun, 3, 222, T0 + 12)).toBe(true);
    expect(await both(S.claimRun, P.claimRun, 42, 222, T0 + 12)).toBe(false);
    const open = await both(S.openRuns, P.openRuns);
    expect(open.map((r) => [r.id, r.state, r.owner, r.startedAt])).toEqual([
      [1, 'running', 111, T0 + 10],
      [2, 'queued', null, null],
      [3, 'running', 222, T0 + 12],
      [4, 'queued', null, null],
      [5, 'queued', null, null],
    ]);
    expect((await both(S.openRuns, P.openRuns, ['queued'])).map((r) => r.id)).toEqual([2, 4, 5]);
  });

  it('advances, totals, keeps the last 20 errors and finishes runs', async () => {
    await both(S.advanceRun, P.advanceRun, 1, {
      position: { page: 2, cursor: 'x' },
      total: 500,
      done: 100,
      imported: 60,
      updated: 40,
    });
    await both(S.advanceRun, P.advanceRun, 1, { position: 7, done: 5, imported: 1, updated: 0 });
    await both(S.setRunTotal, P.setRunTotal, 3, 12);
    for (let i = 0; i < 23; i++) {
      const e: S.SyncError =
        i % 3 === 0
          ? {
              at: T0 + i,
              message: `platform said no ${i}`,
              platform: { endpoint: '/trades', kind: 'http', status: i ? 503 : null, detail: 'é"' },
            }
          : { at: T0 + i, message: `error ${i}`, ...(i === 4 && { resumed: true as const }) };
      await both(S.addRunError, P.addRunError, 1, e);
    }
    await both(S.addRunError, P.addRunError, 99, { at: T0, message: 'no such run' });
    // Back in the queue after its process stopped, and a failure.
    await both(S.finishRun, P.finishRun, 1, 'queued', T0 + 30);
    await both(S.finishRun, P.finishRun, 3, 'failed', T0 + 31);
    const run1 = await both(S.getRun, P.getRun, 1);
    expect(run1).toMatchObject({ done: 105, imported: 61, total: 500, position: '7' });
    expect(run1).toMatchObject({ state: 'queued', owner: null, finishedAt: null });
    const errors = JSON.parse(run1!.errors) as S.SyncError[];
    expect(errors.map((e) => e.at - T0)).toEqual([...Array(20).keys()].map((i) => i + 3));
    expect(await both(S.getRun, P.getRun, 3)).toMatchObject({ total: 12, finishedAt: T0 + 31 });
    const rows = await pg.execute(sql`select errors from sync_runs where id = 1`);
    expect(rows.rows[0]!.errors).toBe(run1!.errors);
  });

  it('finds the last succeeded run and the last run of a job', async () => {
    for (const [id, state] of [
      [1, 'succeeded'],
      [2, 'succeeded'],
      [5, 'failed'],
    ] as const) {
      await both(S.claimRun, P.claimRun, id, 1, T0 + 40);
      await both(S.finishRun, P.finishRun, id, state, T0 + 41);
    }
    expect((await both(S.lastSucceeded, P.lastSucceeded, 'trades'))?.id).toBe(2);
    expect((await both(S.lastSucceeded, P.lastSucceeded, 'trades', 'schedule'))?.id).toBe(1);
    expect(await both(S.lastSucceeded, P.lastSucceeded, 'goods')).toBeUndefined();
    expect((await both(S.lastRunOf, P.lastRunOf, 'trades'))?.id).toBe(5);
    expect((await both(S.lastRunOf, P.lastRunOf, 'trades', 'ui'))?.id).toBe(2);
    expect(await both(S.lastRunOf, P.lastRunOf, 'sales')).toBeUndefined();
  });

  it('makes checks once and adds their batches', async () => {
    const c4 = { runId: 4, startTime: T0, endTime: T0 + 86_400, day: '2026-06-01', at: T0 + 50 };
    expect(await both(S.ensureCheck, P.ensureCheck, c4)).toBe(1);
    expect(await both(S.ensureCheck, P.ensureCheck, { ...c4, at: T0 + 99 })).toBe(1);
    expect(await both(S.ensureCheck, P.ensureCheck, { ...c4, runId: 3, day: undefined })).toBe(2);
    expect(await both(S.ensureCheck, P.ensureCheck, { ...c4, runId: 2, day: '2026-06-02' })).toBe(
      3,
    );
    const diff = (assetId: string, amountDiff: number): S.DiffInput => ({
      assetId,
      ours: { amount: 1000 + amountDiff, count: 3 },
      theirs: { amount: 1000, count: 2 },
      amountDiff,
      countDiff: 1,
    });
    await both(S.addCheckBatch, P.addCheckBatch, 1, {
      machines: 50,
      diffs: [diff('M3', 350), diff('M1', -120), diff('M3', 999)],
      at: T0 + 60,
    });
    await both(S.addCheckBatch, P.addCheckBatch, 1, {
      machines: 20,
      diffs: [diff('M2', 5), diff('M1', 7)],
      at: T0 + 61,
    });
    await both(S.addCheckBatch, P.addCheckBatch, 2, { machines: 9, diffs: [], at: T0 + 62 });
    await both(S.addCheckBatch, P.addCheckBatch, 3, {
      machines: 1,
      diffs: [diff('M9', 1)],
      at: T0 + 63,
    });
    const rowsOf = async (d: Db | PgDb) =>
      (d as PgDb).execute
        ? (
            await (d as PgDb).execute(
              sql`select * from reconcile_diffs order by check_id, asset_id`,
            )
          ).rows
        : (d as Db).all(sql`select * from reconcile_diffs order by check_id, asset_id`);
    expect(await rowsOf(pg)).toEqual(await rowsOf(lite));

    // Run 4 is queued, run 3 failed: only run 2's check (day 2026-06-02) counts.
    expect(await both(S.hasCheckForDay, P.hasCheckForDay, '2026-06-01')).toBe(false);
    expect(await both(S.hasCheckForDay, P.hasCheckForDay, '2026-06-02')).toBe(true);
    await both(S.claimRun, P.claimRun, 4, 1, T0 + 70);
    await both(S.finishRun, P.finishRun, 4, 'succeeded', T0 + 71);
    expect(await both(S.hasCheckForDay, P.hasCheckForDay, '2026-06-01')).toBe(true);
    expect(await both(S.ensureCheck, P.ensureCheck, { ...c4, runId: 1, day: undefined })).toBe(4);
    const checks = await both(S.latestChecks, P.latestChecks, 5);
    expect(checks.map((c) => c.id)).toEqual([4, 3, 1]);
    expect(checks[2]).toMatchObject({ machines: 70, disagreeing: 5, checkedAt: T0 + 61 });
    expect(checks[2]!.diffs).toEqual([
      { assetId: 'M1', amountDiff: -120, countDiff: 1 },
      { assetId: 'M2', amountDiff: 5, countDiff: 1 },
      { assetId: 'M3', amountDiff: 350, countDiff: 1 },
    ]);
    expect(checks[0]!.diffs).toEqual([]);
    expect(checks[1]!.diffs).toEqual([{ assetId: 'M9', amountDiff: 1, countDiff: 1 }]);
    expect(await both(S.latestChecks, P.latestChecks, 1)).toHaveLength(1);
  });
});

describe('claims across processes on PostgreSQL (READ COMMITTED)', () => {
  const queue = async (job: S.SyncRunRow['job']) =>
    P.insertRun(pg, { job, params: {}, trigger: 'schedule', at: T0 });

  it('gives a queued run to exactly one of two claims made at once', async () => {
    for (let i = 0; i < 20; i++) {
      const id = await queue('sales');
      const won = await Promise.all([P.claimRun(pg, id, 1, T0), P.claimRun(pg, id, 2, T0)]);
      expect(won.filter(Boolean)).toHaveLength(1);
      await P.finishRun(pg, id, 'succeeded', T0);
    }
  });

  it('never runs two runs of one job, claimed at once on two connections', async () => {
    for (let i = 0; i < 20; i++) {
      const a = await queue('refills');
      const b = await queue('refills');
      const won = await Promise.all([P.claimRun(pg, a, 1, T0), P.claimRun(pg, b, 2, T0)]);
      expect(won.filter(Boolean)).toHaveLength(1);
      await P.finishRun(pg, won[0] ? a : b, 'succeeded', T0);
      await P.finishRun(pg, won[0] ? b : a, 'failed', T0);
    }
  });

  it('makes a claim wait for an uncommitted claim of the same job, then refuses it', async () => {
    const a = await queue('lines');
    const b = await queue('lines');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let claimedA = false;
    const first = pg.transaction(async (tx) => {
      claimedA = await P.claimRun(tx, a, 1, T0);
      await held;
    });
    while (!claimedA) await new Promise((r) => setTimeout(r, 5));
    let second: boolean | undefined;
    const pending = P.claimRun(pg, b, 2, T0).then((v) => (second = v));
    await new Promise((r) => setTimeout(r, 200));
    expect(second).toBeUndefined();
    release();
    await first;
    await pending;
    expect(second).toBe(false);
    expect((await P.getRun(pg, a))?.state).toBe('running');
    expect((await P.getRun(pg, b))?.state).toBe('queued');
  });

  it('keeps both of two errors added at once', async () => {
    const id = await queue('status');
    await Promise.all([1, 2, 3, 4].map((i) => P.addRunError(pg, id, { at: i, message: `e${i}` })));
    const errors = JSON.parse((await P.getRun(pg, id))!.errors) as S.SyncError[];
    expect(errors.map((e) => e.at).sort()).toEqual([1, 2, 3, 4]);
  });
});
