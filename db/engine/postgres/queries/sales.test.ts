import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/sales';
import type { Grouping, MeasureRow, SalesScope } from '@/db/queries/sales';
import { GRAINS } from '@/db/schema/rollups';
import { rollupState as liteRollupState } from '@/db/schema';
import { bothEngines, machineRow, type Engines } from './fleet-reads-fixture';
import * as pg from './sales';

let e: Engines;

/** Measure rows come in no promised order on either engine: compared sorted by their keys. */
const sorted = (rows: MeasureRow[]) =>
  [...rows].sort((a, b) =>
    `${a.asset}|${a.goods}|${a.pay}|${a.bucket}` < `${b.asset}|${b.goods}|${b.pay}|${b.bucket}`
      ? -1
      : 1,
  );

// Local days in Asia/Shanghai (UTC+8): each starts at 16:00 UTC the day before.
const DAY = 86_400;
const D1 = Date.UTC(2026, 2, 1, -8) / 1000; // 2026-03-01 00:00 +08
const D2 = D1 + DAY;
const D3 = D2 + DAY;
const MONTH = Date.UTC(2026, 1, 28, 16) / 1000; // 2026-03 in Asia/Shanghai (same instant as D1)
const APRIL = Date.UTC(2026, 2, 31, 16) / 1000;

type Rollup = [number, string, number, string, number, number, number, number, number];
const rollup = ([
  grain,
  assetId,
  bucket,
  goodsId,
  payStyle,
  units,
  gross,
  refunds,
  refunded,
]: Rollup) => ({ grain, assetId, bucket, goodsId, payStyle, units, gross, refunds, refunded });

beforeAll(async () => {
  e = await bothEngines();
  await e.insert('areas', [
    { id: 1, name: 'north' },
    { id: 2, name: 'South' },
  ]);
  await e.insert('lines', [
    { id: 1, name: 'L1', areaId: 1, origin: 'local', updatedAt: 1 },
    { id: 2, name: 'L2', origin: 'local', updatedAt: 1 },
    { id: 3, name: 'L-empty', origin: 'local', updatedAt: 1 },
  ]);
  await e.insert('sites', [
    { id: 1, name: 'S1', lineId: 1, areaId: 2, origin: 'local', updatedAt: 1 },
    { id: 2, name: 'S2', origin: 'local', updatedAt: 1 },
    { id: 3, name: 'S-empty', origin: 'local', updatedAt: 1 },
  ]);
  await e.insert('machines', [
    machineRow('M1', { name: 'One', siteId: 1, lineId: 1 }),
    machineRow('M2', { name: 'Two', siteId: 2, lineId: 2, areaId: 1 }),
    machineRow('M3'),
    machineRow('m4', { name: 'four', lineId: 1 }),
  ]);
  e.lite.delete(liteRollupState).run();
  await e.insert('rollupState', [{ id: 1, timeZone: 'Asia/Shanghai', builtAt: 5 }]);
  const rows: Rollup[] = [
    // pay family: hours, days, months (asset '')
    [GRAINS.payDay, '', D1, '', -1, 10, 3500, 350, 1],
    [GRAINS.payDay, '', D1, '', 8, 2, 0, 0, 0],
    [GRAINS.payDay, '', D2, '', 1, 4, 1200, 0, 0],
    [GRAINS.payDay, '', D3, '', 2, 7, 2100, 300, 1],
    [GRAINS.payMonth, '', MONTH, '', 1, 40, 12000, 0, 0],
    [GRAINS.payMonth, '', APRIL, '', 1, 1, 100, 0, 0],
    // machine family
    [GRAINS.machineDay, 'M1', D1, '', -1, 3, 900, 0, 0],
    [GRAINS.machineDay, 'M1', D1, '', 8, 1, 0, 0, 0],
    [GRAINS.machineDay, 'M2', D1, '', -1, 5, 1500, 150, 1],
    [GRAINS.machineDay, 'M2', D2, '', -1, 2, 600, 0, 0],
    [GRAINS.machineDay, 'GHOST', D2, '', -1, 9, 9000, 0, 0],
    [GRAINS.machineDay, 'm4', D3, '', -1, 1, 300, 0, 0],
    [GRAINS.machineMonth, 'M1', MONTH, '', -1, 30, 9000, 0, 0],
    [GRAINS.machineMonth, 'M2', MONTH, '', -1, 20, 6000, 600, 2],
    // machine × pay, machine × goods (the asset grains read by machine)
    [GRAINS.machinePayMonth, 'M1', MONTH, '', 1, 10, 3000, 0, 0],
    [GRAINS.machinePayMonth, 'M1', MONTH, '', 8, 1, 0, 0, 0],
    [GRAINS.machinePayMonth, 'M2', MONTH, '', 2, 20, 6000, 600, 2],
    [GRAINS.machinePayMonth, 'GHOST', MONTH, '', 1, 99, 99, 0, 0],
    [GRAINS.machineGoodsMonth, 'M1', MONTH, 'G1', -1, 6, 1800, 0, 0],
    [GRAINS.machineGoodsMonth, 'M1', MONTH, 'G2', -1, 4, 800, 0, 0],
    [GRAINS.machineGoodsMonth, 'm4', MONTH, 'G1', -1, 2, 600, 0, 0],
    // goods × pay
    [GRAINS.goodsPayDay, '', D1, 'G1', 1, 5, 1500, 0, 0],
    [GRAINS.goodsPayDay, '', D1, 'G2', 2, 3, 600, 200, 1],
    [GRAINS.goodsPayDay, '', D1, '', -1, 1, 100, 0, 0],
    [GRAINS.goodsPayDay, '', D2, 'G1', 8, 1, 0, 0, 0],
  ];
  await e.insert('salesRollups', rows.map(rollup));
  await e.insert('goods', [
    { goodsId: 'G1', name: 'Cola', number: 'N1', updatedAt: 1 },
    { goodsId: 'G3', name: null, number: null, updatedAt: 1 },
  ]);
  await e.insert('rollupGoods', [
    { goodsId: 'G1', goodsName: 'cola (trade)', goodsNumber: 'T1' },
    { goodsId: 'G2', goodsName: 'Água', goodsNumber: null },
    { goodsId: 'G3', goodsName: null, goodsNumber: 'T3' },
    { goodsId: 'G4', goodsName: 'Beer', goodsNumber: 'T4' },
  ]);
  const trade = (id: number, o: Record<string, unknown>) => ({
    id,
    tradeId: `T${id}`,
    assetId: 'M1',
    source: 'push',
    firstSeenAt: 1,
    updatedAt: 1,
    payStatus: 1,
    ...o,
  });
  await e.insert('trades', [
    trade(1, { payTime: D1 + 100, goodsId: 'G1', payStyle: 1, price: 350, count: 2 }),
    trade(2, { payTime: D1 + 950, goodsId: 'G1', payStyle: 1, cost: 500, count: 1 }),
    trade(3, { payTime: D1 + 960, payStyle: null, price: 300 }), // no goods, no pay style, count 1
    trade(4, { createTime: D1 + 200, goodsId: 'G2', payStyle: 2, price: 200, count: 3 }),
    trade(5, {
      payTime: D1 + 300,
      goodsId: 'G2',
      payStyle: 2,
      price: 200,
      refundStatus: 2,
      refundFee: 150,
    }),
    trade(6, { payTime: D1 + 400, goodsId: 'G1', payStyle: 8, price: 0 }),
    trade(7, { payTime: D1 + 500, payStatus: 0, goodsId: 'G1', payStyle: 1, price: 999 }),
    trade(8, { assetId: 'M2', payTime: D1 + 600, goodsId: 'G1', payStyle: 1, price: 100 }),
    trade(9, {
      assetId: 'M2',
      createTime: D1 + 700,
      payTime: null,
      goodsId: 'G2',
      payStyle: 1,
      price: 100,
    }),
    trade(10, { payTime: D1 + 3600, goodsId: 'G1', payStyle: 1, price: 1 }), // outside [D1, D1+3600)
    trade(11, { assetId: 'M9', payTime: D1 + 10, goodsId: 'G1', payStyle: 1, price: 7 }),
  ]);
}, 60_000);

afterAll(async () => {
  await e?.stop();
});

const scopes: Record<string, SalesScope> = {
  all: { assets: null, goods: null, pays: null },
  noPrizes: { assets: null, goods: null, pays: null, prizes: 'exclude' },
  prizes: { assets: null, goods: null, pays: null, prizes: 'only' },
  assets: { assets: ['M1', 'M2', 'm4', 'nope'], goods: null, pays: null },
  goods: { assets: null, goods: ['G1', ''], pays: null },
  pays: { assets: null, goods: null, pays: [1, 2, -1] },
  none: { assets: [], goods: null, pays: null },
};
const groupings: Grouping[] = [
  {},
  { asset: true },
  { goods: true },
  { pay: true },
  { bucket: true },
  { asset: true, pay: true, bucket: true },
  { goods: true, pay: true },
];

describe('rollupMeasures on PostgreSQL', () => {
  const grains = [
    { grain: GRAINS.payDay, hasAsset: false },
    { grain: GRAINS.payMonth, hasAsset: false },
    { grain: GRAINS.machineDay, hasAsset: true },
    { grain: GRAINS.machineMonth, hasAsset: true },
    { grain: GRAINS.machinePayMonth, hasAsset: true },
    { grain: GRAINS.machineGoodsMonth, hasAsset: true },
    { grain: GRAINS.goodsPayDay, hasAsset: false },
  ];
  it('answers what SQLite answers, grain by scope by grouping (the same rows; neither engine promises their order)', async () => {
    let compared = 0;
    for (const g of grains)
      for (const [, scope] of Object.entries(scopes))
        for (const group of groupings)
          for (const [from, to] of [
            [D1, D3 + DAY],
            [D2, D3],
            [APRIL, APRIL + DAY],
          ] as const) {
            const p = { ...g, from, to, scope, group };
            const want = sorted(await lite.rollupMeasures(e.lite, p));
            expect(sorted(await pg.rollupMeasures(e.pg, p)), JSON.stringify(p)).toEqual(want);
            compared += want.length;
          }
    expect(compared).toBeGreaterThan(300);
  }, 60_000);

  it('gives concrete sums: local days, prizes apart, unknown machines as SQLite counts them', async () => {
    const days = await pg.rollupMeasures(e.pg, {
      grain: GRAINS.payDay,
      hasAsset: false,
      from: D1,
      to: D3,
      scope: scopes.noPrizes!,
      group: { bucket: true },
    });
    expect(sorted(days)).toEqual([
      {
        asset: '',
        goods: '',
        pay: -1,
        bucket: D1,
        units: 10,
        gross: 3500,
        refunds: 350,
        refunded: 1,
      },
      { asset: '', goods: '', pay: -1, bucket: D2, units: 4, gross: 1200, refunds: 0, refunded: 0 },
    ]);
    // The machine × pay grain across the fleet leaves out a machine we do not know…
    const byMachine = await pg.rollupMeasures(e.pg, {
      grain: GRAINS.machinePayMonth,
      hasAsset: true,
      from: MONTH,
      to: APRIL,
      scope: scopes.all!,
      group: { asset: true },
    });
    expect(sorted(byMachine).map((r) => [r.asset, r.units])).toEqual([
      ['M1', 11],
      ['M2', 20],
    ]);
    // …and the machine-day grain, read in bucket order, keeps it (as SQLite does).
    const days2 = await pg.rollupMeasures(e.pg, {
      grain: GRAINS.machineDay,
      hasAsset: true,
      from: D2,
      to: D3,
      scope: scopes.all!,
      group: { asset: true },
    });
    expect(sorted(days2).map((r) => r.asset)).toEqual(['GHOST', 'M2']);
    const empty = await pg.rollupMeasures(e.pg, {
      grain: GRAINS.payDay,
      hasAsset: false,
      from: APRIL,
      to: APRIL + DAY,
      scope: scopes.all!,
      group: {},
    });
    expect(empty).toEqual([]);
  });
});

describe('rawMeasures on PostgreSQL', () => {
  it('answers what SQLite answers from the trades, scope by grouping', async () => {
    for (const [, scope] of Object.entries(scopes))
      for (const group of groupings)
        for (const [from, to] of [
          [D1, D1 + 3600],
          [D1 + 300, D1 + 950],
          [D2, D3],
        ] as const) {
          const p = { from, to, scope, group };
          const want = sorted(await lite.rawMeasures(e.lite, p));
          expect(sorted(await pg.rawMeasures(e.pg, p)), JSON.stringify(p)).toEqual(want);
        }
  }, 60_000);

  it('counts paid trades at pay time, else create time, by quarter hour', async () => {
    const r = await pg.rawMeasures(e.pg, {
      from: D1,
      to: D1 + 3600,
      scope: { assets: ['M1'], goods: null, pays: null, prizes: 'exclude' },
      group: { bucket: true },
    });
    expect(sorted(r)).toEqual([
      // trades 1, 4, 5 (2 + 3 + 1 units; 700 + 600 + 200 fen; one refund of 150)
      {
        asset: '',
        goods: '',
        pay: -1,
        bucket: D1,
        units: 6,
        gross: 1500,
        refunds: 150,
        refunded: 1,
      },
      // trades 2, 3 (after the first quarter hour)
      {
        asset: '',
        goods: '',
        pay: -1,
        bucket: D1 + 900,
        units: 2,
        gross: 800,
        refunds: 0,
        refunded: 0,
      },
    ]);
  });
});

describe('the scope and the names on PostgreSQL', () => {
  it('machinesInScope filters as SQLite does', async () => {
    const filters = [
      {},
      { areaName: 'north' },
      { areaName: 'South' },
      { areaName: 'nowhere' },
      { lineName: 'L1' },
      { siteName: 'S2' },
      { assetIds: ['m4', 'M1', 'nope'] },
      { assetIds: [] },
      { lineName: 'L1', assetIds: ['m4'] },
    ];
    for (const f of filters)
      expect(await pg.machinesInScope(e.pg, f), JSON.stringify(f)).toEqual(
        await lite.machinesInScope(e.lite, f),
      );
    // M2's own area; M1's from its site (before its line's).
    expect(await pg.machinesInScope(e.pg, { areaName: 'north' })).toEqual([
      { assetId: 'M2', name: 'Two', siteName: 'S2', lineName: 'L2', areaName: 'north' },
      { assetId: 'm4', name: 'four', siteName: null, lineName: 'L1', areaName: 'north' },
    ]);
  });

  it('goodsNames, soldGoods, scopeOptions and rollupTimeZone answer as SQLite does', async () => {
    for (const ids of [['G1', 'G2', 'G3', 'nope'], []]) {
      const names = await pg.goodsNames(e.pg, ids);
      expect([...names]).toEqual([...(await lite.goodsNames(e.lite, ids))]);
    }
    expect((await pg.goodsNames(e.pg, ['G1'])).get('G1')).toEqual({ name: 'Cola', number: 'N1' });
    const sold = await pg.soldGoods(e.pg);
    expect(sold).toEqual(await lite.soldGoods(e.lite));
    // No name first, then byte order: upper case before lower, Á after z.
    expect(sold.map((g) => g.goodsId)).toEqual(['G3', 'G4', 'G1', 'G2']);
    const options = await pg.scopeOptions(e.pg);
    expect(options).toEqual(await lite.scopeOptions(e.lite));
    expect(options).toEqual({
      areas: ['South', 'north'],
      lines: ['L1', 'L2'],
      sites: ['S1', 'S2'],
    });
    expect(await pg.rollupTimeZone(e.pg)).toBe('Asia/Shanghai');
    expect(await pg.rollupTimeZone(e.pg)).toBe(await lite.rollupTimeZone(e.lite));
  });
});
