import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/backups';
import * as pg from './backups';
import { bothOf, openEngines, rowsOf, type Engines } from './ops-parity-support';

let e: Engines;
beforeAll(async () => {
  e = await openEngines();
}, 60_000);
afterAll(async () => e?.stop());
const both = bothOf(() => e, lite, pg);

describe('backup records on PostgreSQL, as on SQLite', () => {
  it('before any: no rows, nulls', async () => {
    const [a, b] = await both((s, db) => s.latestBackups(db));
    expect(b).toEqual(a);
    expect(b).toEqual({ finished: undefined, ok: undefined, lastStartedAt: null });
  });

  it('start, finish, upload, list, thin, fail the interrupted', async () => {
    // Started at: 100 ok uploaded, 200 failed, 200 ok (a tie broken by id), 300 ok upload
    // failed, 400 running (interrupted), 500 running.
    for (const startedAt of [100, 200, 200, 300, 400, 500]) {
      const [a, b] = await both((s, db) => s.insertRunningBackup(db, { startedAt }));
      expect(b).toBe(a);
    }
    const finish = [
      { id: 1, finishedAt: 110, outcome: 'ok' as const, file: 'b1', bytes: 10, durationMs: 5 },
      { id: 2, finishedAt: 210, outcome: 'failed' as const, durationMs: 6, error: 'disk full' },
      { id: 3, finishedAt: 220, outcome: 'ok' as const, file: 'b3', bytes: 30, durationMs: 7 },
      { id: 4, finishedAt: 310, outcome: 'ok' as const, file: 'b4', durationMs: 8 },
    ];
    for (const f of finish) await both((s, db) => s.finishBackup(db, f));
    await both((s, db) => s.recordUpload(db, { id: 1, key: 's3://b1', at: 120 }));
    await both((s, db) => s.recordUpload(db, { id: 4, error: 'denied' }));

    const [r1, r2] = await both((s, db) => s.recentBackups(db, 4));
    expect(r2).toEqual(r1);
    expect(r2.map((r) => r.id)).toEqual([6, 5, 4, 3]);
    const [l1, l2] = await both((s, db) => s.latestBackups(db));
    expect(l2).toEqual(l1);
    expect([l2.finished?.id, l2.ok?.id, l2.lastStartedAt]).toEqual([4, 4, 500]);
    const [g1, g2] = await both((s, db) => s.goodSnapshots(db));
    expect(g2).toEqual(g1);
    expect(g2).toEqual([
      { id: 4, startedAt: 300, file: 'b4' },
      { id: 3, startedAt: 200, file: 'b3' },
      { id: 1, startedAt: 100, file: 'b1' },
    ]);
    const [p1, p2] = await both((s, db) => s.pendingUploads(db));
    expect(p2).toEqual(p1);
    expect(p2).toEqual([
      { id: 4, file: 'b4', bytes: null },
      { id: 3, file: 'b3', bytes: 30 },
    ]);
    await both((s, db) => s.deleteBackups(db, [1, 3]));
    await both((s, db) => s.deleteBackups(db, []));
    await both((s, db) => s.failInterruptedBackups(db, { before: 450, now: 600 }));
    const [b1, b2] = await both((s, db) => s.backupById(db, 5));
    expect(b2).toEqual(b1);
    expect(b2).toMatchObject({ outcome: 'failed', finishedAt: 600 });
    expect(await both((s, db) => s.backupById(db, 1))).toEqual([undefined, undefined]);
    const t = await rowsOf(e, 'backups', 'id');
    expect(t.pg).toEqual(t.lite);
    expect(t.pg.map((r) => (r as { outcome: string }).outcome)).toEqual([
      'failed',
      'ok',
      'failed',
      'running',
    ]);
  });
});
