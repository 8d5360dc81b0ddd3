import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/reconcile';
import type { VisitFilter } from '@/db/queries/reconcile';
import * as pg from './reconcile';
import {
  at,
  closeBoth,
  openBoth,
  refillBoth,
  seed,
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
  // Money past 2^32 fen, exact on both.
  await seed(b, 'trades', [
    {
      tradeId: 'BIG',
      assetId: 'M1',
      source: 'pull',
      firstSeenAt: 0,
      updatedAt: 0,
      payStatus: 1,
      delivery: 'delivered',
      cid: '1',
      locationId: '10',
      payStyle: 4,
      count: 2,
      price: 4_500_000_000,
      payTime: null,
      createTime: at(9),
    },
  ]);
}, 60_000);

afterAll(() => closeBoth(b));

describe('reconciliation on PostgreSQL answers as on SQLite (money in fen, exact)', () => {
  it('insertCoinReading', async () => {
    const rows = [
      { assetId: 'M1', at: at(5), coin5: 10, coin10: 3 },
      { assetId: 'M1', at: at(8), coin5: 12, coin10: null },
      { assetId: 'M1', at: at(8), coin5: 13, coin10: 4 },
      { assetId: 'M1', at: at(12), coin5: null, coin10: 9 },
      { assetId: 'M1', at: at(15), coin5: 20, coin10: 9 },
      { assetId: 'M1', at: at(15), coin5: 21, coin10: 9 },
      { assetId: 'M2', at: at(9), coin5: 1, coin10: 1 },
    ];
    for (const r of rows) {
      await lite.insertCoinReading(b.lite, r);
      await pg.insertCoinReading(b.pg, r);
    }
    const t = await tableBoth(b, 'coin_readings', 'id');
    expect(t.pg).toEqual(t.lite);
    expect(t.pg).toHaveLength(7);
  });

  it('coinReadingsAround: the count standing at from, the first and last in (from, to]', async () => {
    for (const p of [
      { from: at(8), to: at(15) },
      { from: at(4), to: at(4) },
      { from: at(0), to: at(8) },
      { from: at(20), to: at(30) },
    ])
      expect(await pg.coinReadingsAround(b.pg, { assetId: 'M1', ...p })).toEqual(
        await lite.coinReadingsAround(b.lite, { assetId: 'M1', ...p }),
      );
    const got = await pg.coinReadingsAround(b.pg, { assetId: 'M1', from: at(8), to: at(15) });
    expect(got.atFrom).toEqual({ id: 3, at: at(8), coin5: 13, coin10: 4 });
    expect(got.first).toEqual({ id: 4, at: at(12), coin5: null, coin10: 9 });
    expect(got.last).toEqual({ id: 6, at: at(15), coin5: 21, coin10: 9 });
    expect(await pg.coinReadingsAround(b.pg, { assetId: 'MX', from: 0, to: at(99) })).toEqual({
      atFrom: undefined,
      first: undefined,
      last: undefined,
    });
  });

  it('visitTrades: paid, delivered, [from, to), per shelf and payStyle', async () => {
    for (const [assetId, from, to] of [
      ['M1', at(9), at(13)],
      ['M1', at(0), at(99)],
      ['M2', at(12), at(13)],
      ['M3', 0, at(99)],
    ] as const)
      expect(await pg.visitTrades(b.pg, { assetId, from, to })).toEqual(
        await lite.visitTrades(b.lite, { assetId, from, to }),
      );
    const got = await pg.visitTrades(b.pg, { assetId: 'M1', from: at(9), to: at(13) });
    expect(got).toEqual([
      { cid: '1', locationId: '10', payStyle: 4, units: 2, sales: 9_000_000_000 },
      { cid: '1', locationId: '2', payStyle: null, units: 6, sales: 350 + 350 + 999 + 350 },
    ]);
  });

  it('previousRefillTime', async () => {
    for (const [a, t] of [
      ['M1', at(20)],
      ['M1', at(8)],
      ['M1', at(99)],
      ['MX', at(1)],
    ] as const)
      expect(await pg.previousRefillTime(b.pg, a, t)).toEqual(
        await lite.previousRefillTime(b.lite, a, t),
      );
    expect(await pg.previousRefillTime(b.pg, 'M1', at(20))).toBe(at(8));
    expect(await pg.previousRefillTime(b.pg, 'M1', at(8))).toBeUndefined();
  });

  it('saveReview and getReview: one per visit, saved again it is replaced', async () => {
    for (const row of [
      { settlementId: 1, note: 'short 5 yuan', reviewedAt: at(30), reviewedBy: 'Ann' },
      { settlementId: 3, note: 'ok', reviewedAt: at(31), reviewedBy: 'Bo' },
      { settlementId: 1, note: 'found it', reviewedAt: at(32), reviewedBy: 'Cy' },
    ]) {
      await lite.saveReview(b.lite, row);
      await pg.saveReview(b.pg, row);
    }
    const t = await tableBoth(b, 'refill_reviews', 'settlement_id');
    expect(t.pg).toEqual(t.lite);
    for (const id of [1, 2, 3])
      expect(await pg.getReview(b.pg, id)).toEqual(await lite.getReview(b.lite, id));
    expect(await pg.getReview(b.pg, 1)).toEqual({
      settlementId: 1,
      note: 'found it',
      reviewedAt: at(32),
      reviewedBy: 'Cy',
    });
  });

  it('listVisits: each filter, reviewed or not, paged; totals in fen', async () => {
    const filters: VisitFilter[] = [
      {},
      { assetId: 'M1' },
      { lineName: 'Alpha' },
      { lineName: 'Alpha (as sent)' },
      { siteName: 'Mall' },
      { siteName: 'Airport' },
      { from: at(0), to: at(8) },
      { source: 'pull' },
      { reviewed: true },
      { reviewed: false },
    ];
    for (const f of filters)
      for (const page of [
        { limit: 10, offset: 0 },
        { limit: 1, offset: 1 },
      ])
        expect(await pg.listVisits(b.pg, f, page)).toEqual(await lite.listVisits(b.lite, f, page));
    const all = await pg.listVisits(b.pg, {}, { limit: 10, offset: 0 });
    expect(all.map((v) => v.id)).toEqual([2, 1, 3]);
    expect(all[1]).toMatchObject({
      totalSales: 1_234_567,
      totalUnits: 9,
      cashSales: 1_000_000,
      cashlessSales: 234_567,
      lineName: 'Alpha',
      siteName: 'Mall',
      reviewNote: 'found it',
    });
    expect(all[0]).toMatchObject({
      lineName: 'Alpha (as sent)',
      cashSales: null,
      totalSales: 5_000,
    });
    expect(
      (await pg.listVisits(b.pg, { lineName: 'Alpha' }, { limit: 10, offset: 0 })).map((v) => v.id),
    ).toEqual([1]);
  });

  it('reviewHistory: newest first, from the audit log', async () => {
    const entry = (
      at: number,
      label: string,
      targetId: string,
      after: string | null,
      action = 'refill.review',
    ) => ({
      at,
      actorKind: 'user',
      actorLabel: label,
      action,
      targetKind: 'refill_settlement',
      targetId,
      after,
    });
    await seed(b, 'auditLog', [
      entry(at(30), 'Ann', '1', JSON.stringify({ note: 'short 5 yuan' })),
      entry(at(31), 'Bo', '3', JSON.stringify({ note: 'ok' })),
      entry(at(32), 'Cy', '1', JSON.stringify({ note: 'found it' })),
      entry(at(33), 'Dee', '1', null),
      entry(at(34), 'Eve', '1', JSON.stringify({ note: 'x' }), 'refill.other'),
    ]);
    for (const id of [1, 3, 9])
      expect(await pg.reviewHistory(b.pg, id)).toEqual(await lite.reviewHistory(b.lite, id));
    expect(await pg.reviewHistory(b.pg, 1)).toEqual([
      { at: at(33), by: 'Dee', note: '' },
      { at: at(32), by: 'Cy', note: 'found it' },
      { at: at(30), by: 'Ann', note: 'short 5 yuan' },
    ]);
  });

  it('loadRefill: getRefill in one round trip', async () => {
    for (const id of [1, 2, 3, 99])
      expect(await pg.loadRefill(b.pg, id)).toEqual(await lite.loadRefill(b.lite, id));
    const got = await pg.loadRefill(b.pg, 1);
    expect(got!.shelves.map((s) => [s.locationId, s.cid, s.stock, s.price])).toEqual([
      ['2', '1', 5, 350],
      ['10', '1', 7, null],
      ['2', null, 6, null],
    ]);
    expect(got!.sales[0]).toEqual({
      id: got!.sales[0]!.id,
      settlementId: 1,
      refillShelfId: null,
      name: 'total',
      sales: 1_234_567,
      units: 9,
    });
    expect(await pg.loadRefill(b.pg, 3)).toMatchObject({ settlement: { inboxId: 7 }, sales: [] });
  });
});
