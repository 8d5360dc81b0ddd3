import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/pick-sheet';
import * as pg from './pick-sheet';
import { at, closeBoth, openBoth, seed, seedFleet, type Both } from './planning-fixture';

let b: Both;

beforeAll(async () => {
  b = await openBoth();
  await seedFleet(b);
  await seed(b, 'goods', [
    { goodsId: 'G1', number: '6901', name: 'Cola', updatedAt: at(0) },
    { goodsId: 'G2', number: null, name: 'Tea', updatedAt: at(0) },
  ]);
  await seed(b, 'rollupGoods', [
    { goodsId: 'G2', goodsName: 'Tea (trades)', goodsNumber: '6902' },
    { goodsId: 'G3', goodsName: 'Water', goodsNumber: null },
  ]);
}, 60_000);

afterAll(() => closeBoth(b));

describe('the pick sheet on PostgreSQL answers as on SQLite', () => {
  it('goodsLabels: the catalogue first, then what trades called it; unknown ids absent', async () => {
    const ids = ['G3', 'G1', 'GX', 'G2'];
    const got = await pg.goodsLabels(b.pg, ids);
    expect([...got.entries()].sort()).toEqual(
      [...(await lite.goodsLabels(b.lite, ids)).entries()].sort(),
    );
    expect(got.get('G2')).toEqual({ goodsId: 'G2', number: '6902', name: 'Tea' });
    expect(got.has('GX')).toBe(false);
    expect((await pg.goodsLabels(b.pg, [])).size).toBe(0);
  });

  it('machineLabels', async () => {
    const ids = ['M6', 'M4', 'M1', 'MX', 'M2'];
    const got = await pg.machineLabels(b.pg, ids);
    expect(got).toEqual(await lite.machineLabels(b.lite, ids));
    expect(got.map((r) => r.assetId)).toEqual(['M1', 'M2', 'M4', 'M6']);
    expect(got[0]).toEqual({ assetId: 'M1', name: 'Lobby', siteName: 'Mall', lineName: 'Alpha' });
  });

  it('knownLineIds', async () => {
    const got = await pg.knownLineIds(b.pg, [3, 99, 1]);
    expect(got).toEqual(await lite.knownLineIds(b.lite, [3, 99, 1]));
    expect(got).toEqual([1, 3]);
  });

  it('lineMachineIds: line by line as given, then site (none first) and name', async () => {
    for (const ids of [[2, 1], [1], [3, 99], []])
      expect(await pg.lineMachineIds(b.pg, ids)).toEqual(await lite.lineMachineIds(b.lite, ids));
    expect(await pg.lineMachineIds(b.pg, [2, 1])).toEqual(['M3', 'M5', 'M1', 'M2', 'M6']);
  });
});
