import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/forecast';
import type { StoredMachineDemand } from '@/db/queries/forecast';
import * as pg from './forecast';
import {
  at,
  closeBoth,
  openBoth,
  refillBoth,
  runBoth,
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
  // Platform counts: one above our own, one stated at a time with no figure (SQLite's max()
  // of a NULL is NULL), one on a shelf with no refill yet.
  await runBoth(
    b,
    `update shelves set platform_sold = 50, platform_sold_at = ${at(9)} where asset_id = 'M1' and cid = '1' and location_id = '2'`,
  );
  await runBoth(
    b,
    `update shelves set platform_sold = null, platform_sold_at = ${at(5)} where asset_id = 'M3' and location_id = '1'`,
  );
  await runBoth(
    b,
    `update shelves set platform_sold = 4, platform_sold_at = ${at(5)} where asset_id = 'M2'`,
  );
}, 60_000);

afterAll(() => closeBoth(b));

const demand = (
  assetId: string,
  unitsPerDay: number,
  shelves: StoredMachineDemand['shelves'],
): StoredMachineDemand => ({
  assetId,
  shape: [0.5, 1.25, 0.125],
  unitsPerDay,
  utcOffset: 480,
  windowFrom: at(-100),
  windowTo: at(0),
  shelves,
});
const shelf = (cid: string, locationId: string, goodsId: string | null, unitsPerDay: number) => ({
  cid,
  locationId,
  goodsId,
  unitsPerDay,
  units: Math.round(unitsPerDay * 28),
  exposureDays: 27.5,
  source: 'own',
});

describe('the forecast on PostgreSQL answers as on SQLite', () => {
  it('fitMachines: machines with a planogram shelf', async () => {
    expect(await pg.fitMachines(b.pg)).toEqual(await lite.fitMachines(b.lite));
    expect(await pg.fitMachines(b.pg)).toEqual([
      { assetId: 'M1', siteId: 1 },
      { assetId: 'M2', siteId: 2 },
      { assetId: 'M3', siteId: 3 },
    ]);
  });

  it('machineHistory and machineHistories: shelves, refills since the one before, trades, ties in order', async () => {
    for (const assetId of ['M1', 'M2', 'M3', 'M4', 'MX'])
      for (const [from, to] of [
        [at(9), at(25)],
        [at(-50), at(99)],
        [at(20), at(21)],
      ])
        expect(await pg.machineHistory(b.pg, { assetId, from: from!, to: to! })).toEqual(
          await lite.machineHistory(b.lite, { assetId, from: from!, to: to! }),
        );
    const all = await pg.machineHistories(b.pg, {
      assetIds: ['M1', 'M3', 'M4'],
      from: at(9),
      to: at(25),
    });
    for (const assetId of ['M1', 'M3', 'M4'])
      expect(all.get(assetId)).toEqual(
        await lite.machineHistory(b.lite, { assetId, from: at(9), to: at(25) }),
      );
    const m1 = all.get('M1')!;
    expect(m1.firstSeen).toBe(at(8));
    expect(m1.shelves.map((s) => `${s.cid}/${s.locationId}`)).toEqual([
      '1/A1',
      '1/2',
      '1/10',
      '2/2',
    ]);
    expect(m1.refills.map((r) => [r.t, r.locationId, r.cid, r.stock])).toEqual([
      [at(8), '10', '1', 7],
      [at(8), '2', null, 6],
      [at(8), '2', '1', 5],
      [at(20), '10', '1', 9],
    ]);
    // At 12:00 the trade without a count (1 unit) before the one of 3; the failed one absent.
    expect(m1.trades.filter((t) => t.t === at(12)).map((t) => t.units)).toEqual([1, 3]);
    expect(m1.trades).toHaveLength(6);
    expect(all.get('M4')).toEqual({ firstSeen: null, shelves: [], refills: [], trades: [] });
  });

  it('storeMachineDemand replaces machines’ rows; dropStaleDemand removes the unfitted', async () => {
    const first = [
      demand('M1', 4.5, [
        shelf('1', '2', 'G2', 2.25),
        shelf('1', '10', 'G1', 1.5),
        shelf('1', 'A1', null, 0.75),
      ]),
      demand('M2', 1, [shelf('1', '1', 'G1', 1)]),
      demand('M3', 0.5, [shelf('1', '1', 'G7', 0.5)]),
    ];
    const second = [demand('M1', 3.75, [shelf('1', '2', 'G2', 3.75)]), demand('M2', 2, [])];
    for (const [rows, now] of [
      [first, at(40)],
      [second, at(41)],
      [[], at(42)],
    ] as const) {
      await lite.storeMachineDemand(b.lite, rows, now);
      await pg.storeMachineDemand(b.pg, rows, now);
    }
    for (const [table, order] of [
      ['machine_demand', 'asset_id'],
      ['shelf_demand', 'asset_id, cid, location_id'],
    ]) {
      const t = await tableBoth(b, table!, order!);
      expect(t.pg).toEqual(t.lite);
    }
    const { pg: shelves } = await tableBoth(b, 'shelf_demand', 'asset_id, cid, location_id');
    expect(shelves.map((r) => [r.asset_id, r.location_id, r.units_per_day, r.fitted_at])).toEqual([
      ['M1', '2', 3.75, at(41)],
      ['M3', '1', 0.5, at(40)],
    ]);
    expect(
      (await pg.machineShapes(b.pg, { fleet: true })).map((m) => [
        m.assetId,
        m.unitsPerDay,
        m.shape,
      ]),
    ).toEqual([
      ['M1', 3.75, '[0.5,1.25,0.125]'],
      ['M2', 2, '[0.5,1.25,0.125]'],
      ['M3', 0.5, '[0.5,1.25,0.125]'],
    ]);
    for (const scope of [
      { fleet: true as const },
      { assetIds: ['M3', 'M1', 'MX'] },
      { lineId: 1 },
      { lineId: 3 },
    ])
      expect(await pg.machineShapes(b.pg, scope)).toEqual(await lite.machineShapes(b.lite, scope));
  });

  it('forecastBasis: every planogram shelf, its basis, and its rate when of the goods it holds', async () => {
    for (const scope of [
      { fleet: true as const },
      { assetIds: ['M3', 'M1'] },
      { lineId: 1 },
      { assetIds: [] },
    ])
      expect(await pg.forecastBasis(b.pg, scope)).toEqual(await lite.forecastBasis(b.lite, scope));
    const rows = await pg.forecastBasis(b.pg, { fleet: true });
    expect(rows.map((r) => `${r.assetId}:${r.cid}/${r.locationId}`)).toEqual([
      'M1:1/A1',
      'M1:1/2',
      'M1:1/10',
      'M1:2/2',
      'M2:1/1',
      'M3:1/1',
      'M3:1/3',
    ]);
    expect(rows[1]).toMatchObject({
      soldSinceRefill: 50,
      unitsPerDay: 3.75,
      units: 105,
      refillStock: 6,
      soldOut: 0,
    });
    expect(rows[4]).toMatchObject({ soldSinceRefill: 0, soldOut: 1, unitsPerDay: null });
    expect(rows[5]).toMatchObject({ soldSinceRefill: null, unitsPerDay: null });
  });

  it('dropStaleDemand', async () => {
    await lite.dropStaleDemand(b.lite, at(41));
    await pg.dropStaleDemand(b.pg, at(41));
    for (const [table, order] of [
      ['machine_demand', 'asset_id'],
      ['shelf_demand', 'asset_id, cid, location_id'],
    ]) {
      const t = await tableBoth(b, table!, order!);
      expect(t.pg).toEqual(t.lite);
      expect(t.pg.map((r) => r.asset_id)).not.toContain('M3');
    }
  });

  it('recordFit keeps the last 500; latestFit reads the newest', async () => {
    expect(await pg.latestFit(b.pg)).toEqual(await lite.latestFit(b.lite));
    expect(await pg.latestFit(b.pg)).toBeUndefined();
    for (let i = 0; i < 503; i++) {
      const fit = {
        fittedAt: at(i),
        windowFrom: at(i - 28 * 24),
        windowTo: at(i),
        machines: 3,
        shelves: i,
        durationMs: 12,
        fleetShape: `[${i}]`,
      };
      await lite.recordFit(b.lite, fit);
      await pg.recordFit(b.pg, fit);
    }
    const t = await tableBoth(b, 'demand_fits', 'id');
    expect(t.pg).toEqual(t.lite);
    expect(t.pg).toHaveLength(500);
    expect(t.pg[0]!.id).toBe(4);
    expect(await pg.latestFit(b.pg)).toEqual(await lite.latestFit(b.lite));
    expect(await pg.latestFit(b.pg)).toEqual({
      fittedAt: at(502),
      windowFrom: at(502 - 672),
      windowTo: at(502),
      machines: 3,
      shelves: 502,
      durationMs: 12,
      fleetShape: '[502]',
    });
  });
});
