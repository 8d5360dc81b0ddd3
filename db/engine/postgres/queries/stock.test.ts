import { beforeAll, describe, expect, it } from 'vitest';
import * as liteFirst from '@/db/queries/earliest-sold-out';
import * as lite from '@/db/queries/stock';
import * as pgFirst from './earliest-sold-out';
import { bothEngines, insertBoth } from './machine-parity';
import * as pgq from './stock';

const e = bothEngines();
const T = 1_760_000_000;
const H = 3600;

async function both<T>(
  f: (q: typeof lite | typeof pgq, db: never) => T | Promise<T>,
): Promise<[Awaited<T>, Awaited<T>]> {
  return [await f(lite, e.lite as never), await f(pgq, e.pg as never)];
}

type Shelf = [asset: string, cid: string, loc: string, o: Record<string, unknown>];
// The basis columns set after the insert: SQLite's insert trigger gives a new shelf the basis
// of the settlements stored (none here), so both engines get them by an UPDATE.
const SHELVES: Shelf[] = [
  [
    'M1',
    '1',
    '1',
    {
      goods_id: 'g1',
      capacity: 12,
      valve: 2,
      refill_stock: 10,
      refill_time: T,
      sold_since_refill: 3,
    },
  ],
  [
    'M1',
    '1',
    '2',
    {
      sold_out: 1,
      soldout_time: T - 2 * H - 5,
      capacity: 8,
      goods_id: 'g1',
      refill_stock: 5,
      refill_time: T,
    },
  ],
  [
    'M1',
    '1',
    '10',
    {
      goods_id: 'g1',
      capacity: 6,
      valve: 1,
      refill_stock: 4,
      refill_time: T,
      sold_since_refill: 2,
      platform_sold: 5,
      platform_sold_at: T + 100,
    },
  ],
  [
    'M1',
    '1',
    '3',
    { goods_id: 'g1', capacity: 6, refill_stock: 6, refill_time: T, platform_sold_at: T + 100 },
  ],
  [
    'M1',
    '2',
    '1',
    { in_planogram: 0, refill_stock: 3, refill_time: T, sold_out: 1, soldout_time: T - 900 * H },
  ],
  ['M1', '1', '4', { goods_id: 'g2', capacity: 5 }],
  ['M2', '1', '1', { sold_out: 1, soldout_time: T - 100 * H, goods_id: 'g1', capacity: 4 }],
  [
    'M2',
    '1',
    '2',
    {
      refill_stock: 20,
      refill_time: T - 50,
      sold_since_refill: 1,
      platform_sold: 0,
      platform_sold_at: T - 100,
    },
  ],
  ['M2', '1', '3', { goods_id: 'g2', refill_stock: 9, refill_time: T, valve: 9 }],
  ['M4', '1', '1', { goods_id: 'g5', refill_stock: 30, refill_time: T, sold_since_refill: 1 }],
  ['M4', '1', '2', { goods_id: 'g5', refill_stock: 2, refill_time: T }],
];

async function fill() {
  await insertBoth(e, 'lines', [
    { name: 'L1', origin: 'push', updatedAt: T },
    { name: 'L2', origin: 'push', updatedAt: T },
  ]);
  await insertBoth(
    e,
    'machines',
    [
      ['M1', 1],
      ['M2', 2],
      ['M3', 1],
      ['M4', null],
    ].map(([assetId, lineId]) => ({
      assetId,
      lineId,
      platform: 'smartvending',
      incomplete: false,
      origin: 'push',
      createdAt: T,
      updatedAt: T,
    })),
  );
  await insertBoth(
    e,
    'shelves',
    SHELVES.map(([assetId, cid, locationId]) => ({ assetId, cid, locationId })),
  );
  for (const [a, cid, loc, o] of SHELVES) {
    const set = Object.keys(o)
      .map((k, i) => `${k} = $${i + 4}`)
      .join(', ');
    const q = `update shelves set ${set} where asset_id = $1 and cid = $2 and location_id = $3`;
    await e.pg.$client.query(q, [a, cid, loc, ...Object.values(o)]);
    e.lite.$client.prepare(q.replace(/\$\d+/g, '?')).run(...Object.values(o), a, cid, loc);
  }
  const d = (
    assetId: string,
    cid: string,
    locationId: string,
    goodsId: string | null,
    unitsPerDay: number,
  ) => ({
    assetId,
    cid,
    locationId,
    goodsId,
    unitsPerDay,
    units: Math.round(unitsPerDay * 28),
    exposureDays: 28,
    source: 'own',
    fittedAt: T,
  });
  await insertBoth(e, 'shelfDemand', [
    d('M1', '1', '1', 'g1', 2.5),
    d('M1', '1', '10', 'g1', 1),
    d('M1', '1', '3', 'g1', 4),
    d('M2', '1', '2', null, 0.5),
    d('M2', '1', '3', 'g3', 3),
    d('M4', '1', '1', 'g5', 6),
    d('M4', '1', '2', 'g5', 0.25),
  ]);
  await insertBoth(e, 'machineDemand', [
    {
      assetId: 'M1',
      shape: '[1,2]',
      unitsPerDay: 9.5,
      utcOffset: 480,
      windowFrom: 0,
      windowTo: T,
      fittedAt: T,
    },
  ]);
}

describe('stock on PostgreSQL, beside SQLite', () => {
  beforeAll(fill);

  it('read the stock basis alike, by scope, and the shelves that may be low', async () => {
    for (const scope of [
      { fleet: true },
      { lineId: 1 },
      { assetIds: ['M2', 'M1', 'M9'] },
    ] as lite.StockScope[]) {
      const [l, p] = await both((q, db) => q.stockBasis(db, scope));
      expect(p).toEqual(l);
      const [ll, pl] = await both((q, db) => q.stockBasis(db, scope, { mayBeLow: true }));
      expect(pl).toEqual(ll);
    }
    const [, all] = await both((q, db) => q.stockBasis(db, { fleet: true }));
    expect(all.map((s) => `${s.assetId}/${s.cid}/${s.locationId}`).slice(0, 6)).toEqual([
      'M1/1/1',
      'M1/1/2',
      'M1/1/3',
      'M1/1/4',
      'M1/1/10',
      'M1/2/1',
    ]);
    // A platform count fetched after the refill but NULL: NULL sold, as SQLite's max() gives.
    expect(all.find((s) => s.assetId === 'M1' && s.locationId === '3')?.soldSinceRefill).toBeNull();
    expect(all.find((s) => s.assetId === 'M1' && s.locationId === '10')).toMatchObject({
      soldSinceRefill: 5,
      inPlanogram: true,
      soldOut: false,
    });
    const [, low] = await both((q, db) => q.stockBasis(db, { fleet: true }, { mayBeLow: true }));
    expect(low.map((s) => `${s.assetId}/${s.locationId}`)).toEqual(['M1/10', 'M2/3']);
    const [ls, ps] = await both((q, db) => q.shelfStockBasis(db, { assetId: 'M2' }));
    expect(ps).toEqual(ls);
    expect(ps[1]).toEqual({
      cid: '1',
      locationId: '2',
      soldOut: false,
      refillStock: 20,
      refillTime: T - 50,
      soldSinceRefill: 1,
    });
  });

  it('sum the planning figures alike, with the hours sold out at now', async () => {
    for (const scope of [
      { fleet: true },
      { lineId: 1 },
      { assetIds: ['M2'] },
    ] as lite.StockScope[]) {
      const [l, p] = await both((q, db) =>
        q.planningShelfFigures(db, scope, { now: T + 1800, hoursCap: 48 }),
      );
      expect([...p]).toEqual([...l]);
    }
    const [, p] = await both((q, db) =>
      q.planningShelfFigures(db, { fleet: true }, { now: T + 1800, hoursCap: 48 }),
    );
    expect([...p.keys()]).toEqual(['M1', 'M2', 'M3', 'M4']);
    expect(p.get('M1')).toEqual({
      shelfCount: 5,
      knownShelves: 4,
      soldOutShelves: 1,
      soldOutShelfHours: 2,
      soldOutHours: 2,
      underValveShelves: 1,
      unitsSinceRefill: 8,
      // 1/3's NULL platform count counts 0 in the figures (SQLite's coalesce): estimate 6, full.
      unitsToLoad: 12 - 7 + 8 + 6 + 0 + 5,
    });
    expect(p.get('M2')).toMatchObject({ soldOutShelfHours: 48, soldOutHours: 100 });
    expect(p.get('M3')).toMatchObject({ shelfCount: 0, soldOutHours: null, soldOutShelfHours: 0 });
  });

  it('find the sell-out candidates alike, in the order of the machines given', async () => {
    const reach = { M4: 10, M1: 10, M2: 40 };
    const [l, p] = await both((q, db) => q.sellOutCandidates(db, reach));
    expect(p).toEqual(l);
    expect(p.map((c) => `${c.assetId}/${c.locationId}:${c.stock}`)).toEqual([
      'M4/1:29',
      'M4/2:2',
      'M1/1:7',
      'M1/10:0',
      'M2/2:19',
    ]);
  });

  it("find each machine's first empty shelf alike", async () => {
    for (const scope of [{ fleet: true }, { assetIds: ['M4', 'M2'] }] as lite.StockScope[]) {
      const l = await liteFirst.firstEmptyShelves(e.lite, scope);
      const p = await pgFirst.firstEmptyShelves(e.pg, scope);
      expect(p).toEqual(l);
    }
    const p = await pgFirst.firstEmptyShelves(e.pg, { fleet: true });
    expect(p.map((r) => [r.assetId, r.key, r.stock])).toEqual([
      ['M1', -1, 0],
      ['M2', -1, 0],
      ['M4', expect.closeTo((29 * (1 - 1 / 261) ** 3) / 6, 9), 29],
    ]);
    expect(p[0]).toMatchObject({ shape: '[1,2]', utcOffset: 480 });
    // M1's two empty shelves tie at -1: both engines give the first by (cid, location_id), 1/10.
    expect(p[0]!.unitsPerDay).toBe(1);
  });
});
