import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/temperatures';
import { bothEngines, type Engines } from './fleet-reads-fixture';
import * as pg from './temperatures';

let e: Engines;

beforeAll(async () => {
  e = await bothEngines();
  const reading = (id: number, assetId: string, cid: string, at: number, o = {}) => ({
    id,
    assetId,
    cid,
    at,
    leftRmTem: id,
    ...o,
  });
  await e.insert('temperatureReadings', [
    reading(1, 'A1', 'master', 100, { cryTemUL: 8, cryTemDL: 2, leftRmRef: 1 }),
    reading(2, 'A1', 'master', 200),
    reading(3, 'A1', 'master', 200, { chambers: '{"wh1":-3}' }),
    reading(4, 'A1', 'master', 300, { heatTemUL: 60, heatTemDL: 50, rightRmHeat: 1 }),
    reading(5, 'A1', '2', 150, { rightRmTem: -2 }),
    reading(6, 'A1', 'B', 250),
    reading(7, 'A2', 'master', 200),
  ]);
}, 60_000);

afterAll(async () => {
  await e?.stop();
});

describe('temperature reads on PostgreSQL', () => {
  it('temperatureRange answers as SQLite does, bounds included', async () => {
    for (const [assetId, from, to] of [
      ['A1', 100, 300],
      ['A1', 150, 200],
      ['A1', 301, 400],
      ['nope', 0, 1000],
    ] as const) {
      const p = { assetId, from, to };
      expect(await pg.temperatureRange(e.pg, p)).toEqual(await lite.temperatureRange(e.lite, p));
    }
    const range = await pg.temperatureRange(e.pg, { assetId: 'A1', from: 150, to: 200 });
    expect(range.map((r) => [r.cid, r.at, r.leftRmTem])).toEqual([
      ['2', 150, 5],
      ['master', 200, 2],
      ['master', 200, 3],
    ]);
    expect(range[2]!.chambers).toBe('{"wh1":-3}');
  });

  it('temperatureContainers lists containers in byte order', async () => {
    for (const assetId of ['A1', 'A2', 'nope'])
      expect(await pg.temperatureContainers(e.pg, { assetId })).toEqual(
        await lite.temperatureContainers(e.lite, { assetId }),
      );
    expect(await pg.temperatureContainers(e.pg, { assetId: 'A1' })).toEqual(['2', 'B', 'master']);
  });

  it('containerReadingsBack goes back from the newest, (from, to], at most limit', async () => {
    for (const [from, to, limit] of [
      [100, 300, 10],
      [100, 300, 2],
      [0, 200, 10],
      [300, 400, 10],
    ] as const) {
      const p = { assetId: 'A1', cid: 'master', from, to, limit };
      expect(await pg.containerReadingsBack(e.pg, p)).toEqual(
        await lite.containerReadingsBack(e.lite, p),
      );
    }
    const back = await pg.containerReadingsBack(e.pg, {
      assetId: 'A1',
      cid: 'master',
      from: 100,
      to: 300,
      limit: 2,
    });
    expect(back.map((r) => [r.at, r.leftRmTem, r.heatTemUL])).toEqual([
      [300, 4, 60],
      [200, 3, null],
    ]);
  });
});
