import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/runs';
import * as pg from './runs';
import {
  at,
  closeBoth,
  openBoth,
  refillBoth,
  seedFleet,
  tableBoth,
  visits,
  type Both,
} from './planning-fixture';

let b: Both;

beforeAll(async () => {
  b = await openBoth();
  await seedFleet(b);
  for (const v of visits) await refillBoth(b, v);
}, 60_000);

afterAll(() => closeBoth(b));

const run = (createdAt: number, lineId: number | null, assetIds: string[]) => ({
  lineId,
  createdAt,
  createdByKind: 'user' as const,
  createdById: 1,
  createdBy: 'Ann',
  assetIds,
});

describe('refill runs on PostgreSQL answer as on SQLite', () => {
  it('insertRun stores the run and its machines in order', async () => {
    for (const r of [
      run(at(5), 1, ['M5', 'M1', 'M2']),
      run(at(5), null, ['M3']),
      run(at(25), 1, ['M1', 'M6']),
    ]) {
      const ids = [await lite.insertRun(b.lite, r), await pg.insertRun(b.pg, r)];
      expect(ids[1]).toBe(ids[0]);
    }
    for (const [table, order] of [
      ['refill_runs', 'id'],
      ['refill_run_machines', 'run_id, asset_id'],
    ] as const) {
      const { lite: l, pg: p } = await tableBoth(b, table, order);
      expect(p).toEqual(l.map((r) => Object.fromEntries(Object.entries(r as object))));
    }
  });

  it('listRuns: newest first, machines served by a later settlement', async () => {
    for (const limit of [10, 2])
      expect(await pg.listRuns(b.pg, { limit })).toEqual(await lite.listRuns(b.lite, { limit }));
    const rows = await pg.listRuns(b.pg, { limit: 10 });
    expect(rows.map((r) => [r.id, r.machineCount, r.servedCount])).toEqual([
      [3, 2, 0],
      [2, 1, 0],
      [1, 3, 1],
    ]);
    expect(rows[2]).toMatchObject({ lineName: 'Alpha', createdBy: 'Ann', createdAt: at(5) });
  });

  it('getRun, with its machines and when each was served', async () => {
    for (const id of [1, 2, 3, 99])
      expect(await pg.getRun(b.pg, id)).toEqual(await lite.getRun(b.lite, id));
    const got = await pg.getRun(b.pg, 1);
    expect(got!.machines.map((m) => [m.assetId, m.position, m.servedAt])).toEqual([
      ['M5', 0, null],
      ['M1', 1, at(8)],
      ['M2', 2, null],
    ]);
  });
});
