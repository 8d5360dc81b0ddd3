import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bothEngines } from './ingest-test-support';
import { batch, clear, load, SH, tables, utc } from './rollups-test-support';
import { rollupsOf as liteRollupsOf, type RollupCalendar } from '@/db/rollups';
import { dayAndMonthOf } from '@/lib/sales/periods';
import { RollupOverflowError } from '@/db/rollup-guard';
import type { TradeInsert } from '@/db/queries/trades';
import { contribution, type RollupTrade } from '@/lib/ingest/rollup';
import { addContributions, rebuildRollups, rollupsOf, writeRollups } from './rollups';

const e = bothEngines();
const calendarOf = (timeZone: string): RollupCalendar => ({
  timeZone,
  dayAndMonth: dayAndMonthOf(timeZone),
});

describe('sales rollups kept (PostgreSQL parity)', () => {
  it('keeps the rollups of a buffered batch equal to SQLite’s and to a rebuild', async () => {
    await clear(e);
    const rows = batch();
    await load(e, rows);
    const s = liteRollupsOf(e.lite);
    const p = rollupsOf(e.pg);
    const goodsOf = (t: TradeInsert) => ({
      goodsId: t.goodsId!,
      goodsName: t.goodsName ?? null,
      goodsNumber: t.goodsNumber ?? null,
      typeName: t.typeName ?? null,
    });
    // A later state of some trades: refunded, repriced, unpaid (before taken away, after added).
    const later = (t: TradeInsert): TradeInsert =>
      Number(t.tradeId!.slice(1)) % 4 === 1
        ? { ...t, refundStatus: 2, refundFee: 50, price: (t.price ?? 0) + 10, goodsName: null }
        : t;
    s.buffered(() => {
      for (const t of rows) {
        const c = contribution(t as RollupTrade, 1, SH);
        if (c) s.addContribution(c);
        if (t.goodsId) s.goods(goodsOf(t));
      }
      try {
        s.buffered(() => {
          s.addContribution(contribution(rows[20] as RollupTrade, 1, SH)!);
          throw new Error('rolled back');
        });
      } catch {
        // the nested scope's sums are dropped
      }
    });
    await e.pg.transaction(async (tx) => {
      const q = rollupsOf(tx);
      await q.buffered(async () => {
        for (const t of rows) {
          const c = contribution(t as RollupTrade, 1, SH);
          if (c) await q.addContribution(c);
          if (t.goodsId) await q.goods(goodsOf(t));
        }
        await q
          .buffered(async () => {
            await q.addContribution(contribution(rows[20] as RollupTrade, 1, SH)!);
            throw new Error('rolled back');
          })
          .catch(() => undefined);
        expect(q.buffering).toBe(true);
      });
      expect(q.buffering).toBe(false);
    });
    let t = await tables(e);
    expect(t.pg).toEqual(t.lite);
    // Updates outside a buffer: each written at once.
    for (const r of rows.slice(0, 60)) {
      const before = contribution(r as RollupTrade, -1, SH);
      const after = contribution(later(r) as RollupTrade, 1, SH);
      for (const c of [before, after]) {
        if (!c) continue;
        s.addContribution(c);
        await p.addContribution(c);
      }
    }
    t = await tables(e);
    expect(t.pg).toEqual(t.lite);
    expect(p.buffering).toBe(false);
    // The maintained rows equal a rebuild from the trades in their later state.
    for (const r of rows.slice(0, 60)) {
      const l = later(r);
      await e.pg.execute(
        sql`update trades set refund_status = ${l.refundStatus ?? null}, refund_fee = ${l.refundFee ?? null},
            price = ${l.price ?? null} where trade_id = ${r.tradeId!}`,
      );
    }
    const maintained = (await tables(e)).pg.rows.filter((r) =>
      Object.entries(r).some(
        ([k, v]) => ['units', 'gross', 'refunds', 'refunded'].includes(k) && v !== 0,
      ),
    );
    await rebuildRollups(e.pg, calendarOf(SH), 1);
    expect((await tables(e)).pg.rows).toEqual(maintained);
    // A concrete row: payMonth (grain 3) of October 2026 in Shanghai, payment code 0.
    const oct = (await tables(e)).pg.rows.filter(
      (r) => r.grain === 3 && r.bucket === utc('2026-09-30T16:00:00Z') && r.pay_style === 0,
    );
    expect(oct).toHaveLength(1);
    expect(oct[0]).toMatchObject({ asset_id: '', goods_id: '' });
  });

  it('writes a batch in one statement per table, and refuses rows past 2^53', async () => {
    await clear(e);
    const c = {
      assetId: 'A1',
      goodsId: 'G1',
      payStyle: 1,
      prize: -1,
      hour: 3600,
      day: 0,
      month: 0,
      units: 2,
      gross: 700,
      refunds: 0,
      refunded: 0,
    };
    await addContributions(
      e.pg,
      [c, c, { ...c, payStyle: 8, prize: 8 }],
      [
        { goodsId: 'G1', goodsName: 'a', goodsNumber: null, typeName: null },
        { goodsId: 'G1', goodsName: null, goodsNumber: 'n', typeName: null },
      ],
    );
    const rows = (await tables(e)).pg.rows;
    // Nine grains each; the ones without payment keep the game prize apart.
    expect(rows).toHaveLength(18);
    expect(rows[0]).toEqual({
      grain: 1,
      asset_id: '',
      bucket: 3600,
      goods_id: '',
      pay_style: 1,
      units: 4,
      gross: 1400,
      refunds: 0,
      refunded: 0,
    });
    expect((await tables(e)).pg.goods).toEqual([
      { goods_id: 'G1', goods_name: 'a', goods_number: 'n', type_name: null },
    ]);
    await expect(addContributions(e.pg, [{ ...c, gross: 2 ** 53 }])).rejects.toBeInstanceOf(
      RollupOverflowError,
    );
    await expect(
      e.pg.transaction((tx) =>
        writeRollups(tx, [[1, '', 3600, '', 1, 0, Number.MAX_SAFE_INTEGER - 100, 0, 0]]),
      ),
    ).rejects.toBeInstanceOf(RollupOverflowError);
    expect((await tables(e)).pg.rows[0]).toMatchObject({ gross: 1400 });
  });

  it('shares a buffer with savepoints, never across concurrent requests', async () => {
    await clear(e);
    const c = (assetId: string, units: number) => ({
      assetId,
      goodsId: '',
      payStyle: 1,
      prize: -1,
      hour: 7200,
      day: 0,
      month: 0,
      units,
      gross: units * 100,
      refunds: 0,
      refunded: 0,
    });
    const count = async (d: typeof e.pg | Parameters<Parameters<typeof e.pg.transaction>[0]>[0]) =>
      Number((await d.execute(sql`select count(*) as n from sales_rollups`)).rows[0]!.n);
    await e.pg.transaction(async (tx) => {
      await rollupsOf(tx).buffered(async () => {
        await tx.transaction(async (sp) => {
          expect(rollupsOf(sp).buffering).toBe(true);
          await rollupsOf(sp).addContribution(c('A1', 2));
        });
        await tx
          .transaction(async (sp) =>
            rollupsOf(sp).buffered(async () => {
              await rollupsOf(sp).addContribution(c('A1', 50));
              throw new Error('this message fails');
            }),
          )
          .catch(() => undefined);
        await rollupsOf(tx).addContribution(c('A1', 3));
        // Summed in memory until the outermost scope ends.
        expect(await count(tx)).toBe(0);
      });
      expect(await count(tx)).toBe(9);
    });
    // Two requests on the pool at once: each its own buffer, one failing loses only its own.
    await Promise.allSettled([
      rollupsOf(e.pg).buffered(async () => {
        await rollupsOf(e.pg).addContribution(c('A2', 7));
        await new Promise((r) => setTimeout(r, 20));
        throw new Error('dropped');
      }),
      rollupsOf(e.pg).buffered(async () => {
        await new Promise((r) => setTimeout(r, 5));
        await rollupsOf(e.pg).addContribution(c('A3', 4));
      }),
    ]);
    const rows = (await tables(e)).pg.rows.filter((r) => r.grain === 4);
    expect(rows.map((r) => [r.asset_id, r.units])).toEqual([
      ['A1', 5],
      ['A3', 4],
    ]);
  });

  it('adds concurrent batches over the same rows exactly, without deadlock', async () => {
    await clear(e);
    const c = (i: number) => ({
      assetId: `A${i % 7}`,
      goodsId: `G${i % 5}`,
      payStyle: i % 3,
      prize: -1,
      hour: 3600 * (i % 4),
      day: 0,
      month: 0,
      units: 1,
      gross: 100 + i,
      refunds: 0,
      refunded: 0,
    });
    const all = Array.from({ length: 400 }, (_, i) => c(i));
    // Four processes' batches, each its own order over the same rows.
    const batches = [0, 1, 2, 3].map((k) =>
      all
        .filter((_, i) => i % 4 === k)
        .sort((a, b) => (k % 2 ? a.gross - b.gross : b.gross - a.gross)),
    );
    await Promise.all(
      batches.map((b) =>
        e.pg.transaction((tx) => addContributions(tx, [...b, ...all.slice(0, 50)])),
      ),
    );
    const total = (
      await e.pg.execute(sql`select sum(units)::bigint as u, sum(gross)::bigint as g
      from sales_rollups where grain = 1`)
    ).rows[0];
    const gross =
      all.reduce((s, x) => s + x.gross, 0) + 4 * all.slice(0, 50).reduce((s, x) => s + x.gross, 0);
    expect(total).toEqual({ u: 400 + 200, g: gross });
  });
});
