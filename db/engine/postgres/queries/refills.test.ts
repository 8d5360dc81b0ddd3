import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/refills';
import * as pg from './refills';
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
}, 60_000);

afterAll(() => closeBoth(b));

/** Every row a settlement writes or moves, on both engines. */
async function expectSameRows() {
  for (const [table, order] of [
    ['refill_settlements', 'id'],
    ['refill_shelves', 'id'],
    ['refill_pay_sales', 'id'],
    ['shelves', 'id'],
  ] as const) {
    const t = await tableBoth(b, table, order);
    expect(t.pg, table).toEqual(t.lite);
  }
}

type ShelfRow = {
  asset_id: string;
  cid: string;
  location_id: string;
  refill_stock: number | null;
  refill_time: number | null;
  sold_since_refill: number;
};
async function basis(assetId: string, cid: string, locationId: string) {
  const { pg: rows } = await tableBoth(b, 'shelves', 'id');
  const s = (rows as ShelfRow[]).find(
    (r) => r.asset_id === assetId && r.cid === cid && r.location_id === locationId,
  )!;
  return [s.refill_stock, s.refill_time, s.sold_since_refill];
}

describe('refill settlements on PostgreSQL store and move the stock basis as on SQLite', () => {
  it('upsertRefill: new settlements, their rows, pay sales and shelves', async () => {
    for (const v of visits) {
      const ids = await refillBoth(b, v);
      expect(ids.pg).toBe(ids.lite);
    }
    await expectSameRows();
    // The location-wide row (no cid) is the settlement's last for shelf 1/2: stock 6, then
    // 1 + 1 + 3 + 2 + 1 units delivered after it (a failed trade and earlier ones not).
    expect(await basis('M1', '1', '2')).toEqual([6, at(8), 8]);
    // Shelf 2/2 counts only the trade that named no cid.
    expect(await basis('M1', '2', '2')).toEqual([6, at(8), 2]);
    expect(await basis('M1', '1', '10')).toEqual([9, at(20), 1]);
  });

  it('upsertRefill: a settlement stored again replaces its rows and its shelves fall back', async () => {
    const again = {
      ...visits[0]!,
      siteName: 'Mall (again)',
      shelves: [
        {
          cid: '1',
          locationId: '10',
          stock: 3,
          paySales: [{ name: 'cash', sales: 150, units: 1 }],
        },
      ],
      paySales: [{ name: 'total', sales: 99_999_999_999, units: 1 }],
    };
    const ids = await refillBoth(b, again);
    expect(ids.pg).toBe(ids.lite);
    expect(ids.pg).toBe(1);
    await expectSameRows();
    expect(await basis('M1', '1', '2')).toEqual([null, null, 0]);
    expect(await basis('M1', '1', '10')).toEqual([9, at(20), 1]);
    // And back: the first form again, with a shelf row that names no location.
    const back = {
      ...visits[0]!,
      shelves: [...visits[0]!.shelves, { cid: '9', stock: 1, paySales: [] }],
    };
    await refillBoth(b, back);
    await expectSameRows();
    expect(await basis('M1', '1', '2')).toEqual([6, at(8), 8]);
    // An older settlement of M3 does not move a shelf whose basis is later.
    await refillBoth(b, {
      assetId: 'M3',
      refillTime: at(-10),
      source: 'pull',
      receivedAt: at(30),
      shelves: [
        { cid: '1', locationId: '1', stock: 1, paySales: [] },
        { cid: '1', locationId: '3', stock: 2, paySales: [] },
      ],
      paySales: [],
    });
    await expectSameRows();
    expect(await basis('M3', '1', '1')).toEqual([8, at(0), 0]);
    expect(await basis('M3', '1', '3')).toEqual([2, at(-10), 0]);
  });

  it('listRefills, newest first, by machine, paged', async () => {
    for (const p of [
      { limit: 10, offset: 0 },
      { limit: 2, offset: 1 },
      { assetId: 'M1', limit: 10, offset: 0 },
      { assetId: 'MX', limit: 10, offset: 0 },
    ])
      expect(await pg.listRefills(b.pg, p)).toEqual(await lite.listRefills(b.lite, p));
    const rows = await pg.listRefills(b.pg, { limit: 10, offset: 0 });
    expect(rows.map((r) => [r.assetId, r.refillTime])).toEqual([
      ['M1', at(20)],
      ['M1', at(8)],
      ['M3', at(0)],
      ['M3', at(-10)],
    ]);
  });

  it('getRefill, with its shelves and pay sales in order', async () => {
    for (const id of [1, 2, 3, 4, 99])
      expect(await pg.getRefill(b.pg, id)).toEqual(await lite.getRefill(b.lite, id));
    const got = await pg.getRefill(b.pg, 1);
    expect(
      got!.sales.filter((s) => s.refillShelfId === null).map((s) => [s.name, s.sales]),
    ).toEqual([
      ['total', 1_234_567],
      ['cash', 1_000_000],
      ['cashless', 234_567],
      ['total', 1],
    ]);
    expect(
      got!.sales.filter((s) => s.refillShelfId !== null).map((s) => [s.refillShelfId, s.sales]),
    ).toEqual([
      [got!.shelves[0]!.id, 700],
      [got!.shelves[2]!.id, 350],
    ]);
  });
});
