import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  rebuildRollups as liteRebuild,
  rollupsOf as liteRollupsOf,
  type RollupCalendar,
} from '@/db/rollups';
import { RollupOverflowError } from '@/db/rollup-guard';
import { trades as liteTrades } from '@/db/schema';
import { trades as pgTrades } from '@/db/engine/postgres/schema';
import type { TradeInsert } from '@/db/queries/trades';
import { contribution, type RollupTrade } from '@/lib/ingest/rollup';
import { dayAndMonthOf, periodStart } from '@/lib/sales/periods';
import {
  addContributions,
  ensureRollups,
  localStart,
  rebuildRollups,
  rollupsOf,
  writeRollups,
} from './rollups';
import { bothEngines } from './ingest-test-support';

const e = bothEngines();
const calendarOf = (timeZone: string): RollupCalendar => ({
  timeZone,
  dayAndMonth: dayAndMonthOf(timeZone),
});
const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const utc = (s: string) => Date.parse(s) / 1000;

/** Both engines' rollup tables, in key order. */
async function tables() {
  const order = 'order by grain, asset_id, bucket, goods_id, pay_style';
  const cols = 'grain, asset_id, bucket, goods_id, pay_style, units, gross, refunds, refunded';
  const lite = {
    rows: e.lite.$client.prepare(`select ${cols} from sales_rollups ${order}`).all(),
    goods: e.lite.$client.prepare('select * from rollup_goods order by goods_id').all(),
  };
  const pg = {
    rows: (await e.pg.execute(sql.raw(`select ${cols} from sales_rollups ${order}`))).rows,
    goods: (await e.pg.execute(sql`select * from rollup_goods order by goods_id`)).rows,
  };
  return { lite, pg };
}

async function clear() {
  e.lite.$client.exec('delete from sales_rollups; delete from rollup_goods; delete from trades');
  await e.pg.execute(sql`delete from sales_rollups`);
  await e.pg.execute(sql`delete from rollup_goods`);
  await e.pg.execute(sql`delete from trades`);
}

/** Times around local midnights, month ends and the DST changes of both zones' years. */
const EDGES = [
  '2026-03-08T04:59:59Z', // 23:59:59 EST, the night before New York springs forward
  '2026-03-08T05:00:00Z',
  '2026-03-08T06:59:59Z', // 01:59:59 EST
  '2026-03-08T07:00:00Z', // 03:00 EDT
  '2026-03-09T03:59:59Z',
  '2026-03-09T04:00:00Z', // the first EDT midnight
  '2026-11-01T03:59:59Z',
  '2026-11-01T04:00:00Z',
  '2026-11-01T05:30:00Z', // 01:30 EDT, then
  '2026-11-01T06:30:00Z', // 01:30 EST
  '2026-11-02T04:59:59Z',
  '2026-11-02T05:00:00Z',
  '2026-01-31T15:59:59Z', // 23:59:59 in Shanghai, a month's last second
  '2026-01-31T16:00:00Z',
  '2026-02-28T16:00:00Z',
  '1990-04-14T17:59:59Z', // Shanghai's own DST years (1986–1991)
  '1990-04-14T18:00:00Z',
  '1990-09-15T16:30:00Z',
  '1970-01-01T00:00:00Z',
].map(utc);

function trade(i: number, time: number): TradeInsert {
  return {
    tradeId: `T${i}`,
    assetId: `A${i % 3}`,
    goodsId: i % 4 ? `G${i % 5}` : null,
    goodsName: i % 3 ? `商品${i % 5}` : null,
    goodsNumber: i % 2 ? `N${i}` : null,
    typeName: i % 7 ? null : '饮料',
    price: 150 + (i % 6) * 50,
    count: i % 5 ? 1 : null,
    cost: i % 9 ? null : 480,
    payStyle: i % 8 === 5 ? 8 : i % 6 === 1 ? null : i % 4,
    payStatus: i % 10 === 9 ? 0 : 1,
    payTime: i % 11 === 3 ? null : time,
    createTime: i % 13 === 4 ? null : time - 30,
    refundStatus: i % 6 === 2 ? 2 : i % 6 === 3 ? 1 : 0,
    refundFee: i % 6 === 2 ? 100 : null,
    source: 'push',
    firstSeenAt: time,
    updatedAt: time,
  };
}

const batch = () => [
  ...EDGES.map((t, i) => trade(i, t)),
  ...Array.from({ length: 240 }, (_, i) => trade(100 + i, utc('2026-10-30T00:00:00Z') + i * 1789)),
];

async function load(rows: TradeInsert[]) {
  e.lite.insert(liteTrades).values(rows).run();
  await e.pg.insert(pgTrades).values(rows);
}

describe('sales rollups (PostgreSQL parity)', () => {
  it('rebuilds the same rows as SQLite in New York, Shanghai and UTC', async () => {
    await clear();
    await load(batch());
    for (const tz of [NY, SH, 'UTC']) {
      liteRebuild(e.lite.$client, calendarOf(tz), 1000);
      await rebuildRollups(e.pg, calendarOf(tz), 1000);
      const t = await tables();
      expect(t.pg.rows).toEqual(t.lite.rows);
      expect(t.pg.goods).toEqual(t.lite.goods);
      expect(t.pg.rows.length).toBeGreaterThan(500);
      const state = (await e.pg.execute(sql`select * from rollup_state`)).rows;
      expect(state).toEqual(e.lite.$client.prepare('select * from rollup_state').all());
    }
  });

  it('cuts days in SQL exactly where the calendar does, around midnights and DST', async () => {
    /** Each time's local day and month start, as the rebuild computes them. */
    const inSql = async (tz: string, ts: readonly number[]) => {
      const l = sql`(to_timestamp(t) at time zone ${tz})`;
      const found = await e.pg.execute(sql`
        select t, ${localStart('day', l, tz)} as day, ${localStart('month', l, tz)} as month
        from unnest(${sql.param(ts)}::bigint[]) as u(t) order by t`);
      return found.rows as { t: number; day: number; month: number }[];
    };
    for (const tz of [NY, SH]) {
      const js = dayAndMonthOf(tz);
      for (const r of await inSql(tz, EDGES)) expect({ t: r.t, ...js(r.t) }).toEqual(r);
    }
    // Zones whose DST changes at midnight: a day that starts at 01:00 (Santiago, Beirut), and
    // a midnight that happens twice (Havana: the calendar takes the first). Every half hour of
    // the years around a change, against the calendar's periods.
    const halfHours = (from: string, days: number) =>
      Array.from({ length: days * 48 }, (_, i) => utc(from) + i * 1800);
    for (const [tz, from] of [
      ['America/Santiago', '2018-08-10T00:00:00Z'],
      ['Asia/Beirut', '2018-03-23T00:00:00Z'],
      ['America/Havana', '2018-11-02T00:00:00Z'],
      ['America/Havana', '2020-10-30T00:00:00Z'],
    ] as const) {
      const rows = await inSql(tz, halfHours(from, 5));
      const calendar = rows.map((r) => ({
        t: r.t,
        day: periodStart('day', r.t, tz),
        month: periodStart('month', r.t, tz),
      }));
      expect(rows).toEqual(calendar);
    }
    // New York's spring-forward day is 23 hours long, its next midnight at 04:00 UTC.
    expect(dayAndMonthOf(NY)(utc('2026-03-08T05:00:00Z')).day).toBe(utc('2026-03-08T05:00:00Z'));
    expect(dayAndMonthOf(NY)(utc('2026-03-09T04:00:00Z')).day).toBe(utc('2026-03-09T04:00:00Z'));
    // Shanghai: midnight is 16:00 UTC the day before.
    expect(dayAndMonthOf(SH)(utc('2026-01-31T16:00:00Z')).month).toBe(utc('2026-01-31T16:00:00Z'));
    // Havana's 2018-11-04 began at 00:00 daylight time (04:00 UTC), the first of two midnights.
    expect((await inSql('America/Havana', [utc('2018-11-04T05:30:00Z')]))[0]!.day).toBe(
      utc('2018-11-04T04:00:00Z'),
    );
  });

  it('keeps the rollups of a buffered batch equal to SQLite’s and to a rebuild', async () => {
    await clear();
    const rows = batch();
    await load(rows);
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
    let t = await tables();
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
    t = await tables();
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
    const maintained = (await tables()).pg.rows.filter((r) =>
      Object.entries(r).some(
        ([k, v]) => ['units', 'gross', 'refunds', 'refunded'].includes(k) && v !== 0,
      ),
    );
    await rebuildRollups(e.pg, calendarOf(SH), 1);
    expect((await tables()).pg.rows).toEqual(maintained);
    // A concrete row: payMonth (grain 3) of October 2026 in Shanghai, payment code 0.
    const oct = (await tables()).pg.rows.filter(
      (r) => r.grain === 3 && r.bucket === utc('2026-09-30T16:00:00Z') && r.pay_style === 0,
    );
    expect(oct).toHaveLength(1);
    expect(oct[0]).toMatchObject({ asset_id: '', goods_id: '' });
  });

  it('writes a batch in one statement per table, and refuses rows past 2^53', async () => {
    await clear();
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
    const rows = (await tables()).pg.rows;
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
    expect((await tables()).pg.goods).toEqual([
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
    expect((await tables()).pg.rows[0]).toMatchObject({ gross: 1400 });
  });

  it('shares a buffer with savepoints, never across concurrent requests', async () => {
    await clear();
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
    const rows = (await tables()).pg.rows.filter((r) => r.grain === 4);
    expect(rows.map((r) => [r.asset_id, r.units])).toEqual([
      ['A1', 5],
      ['A3', 4],
    ]);
  });

  it('adds concurrent batches over the same rows exactly, without deadlock', async () => {
    await clear();
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

  it('builds once per time zone, once across processes', async () => {
    await clear();
    await load(batch());
    await e.pg.execute(sql`delete from rollup_state`);
    expect(await ensureRollups(e.pg, calendarOf(SH))).toBe(true);
    expect(await ensureRollups(e.pg, calendarOf(SH))).toBe(false);
    const both = await Promise.all([
      ensureRollups(e.pg, calendarOf(NY)),
      ensureRollups(e.pg, calendarOf(NY)),
    ]);
    expect(both.sort()).toEqual([false, true]);
    await e.pg.execute(sql`update rollup_state set bound = null`);
    expect(await ensureRollups(e.pg, calendarOf(NY))).toBe(false);
    const state = (await e.pg.execute(sql`select time_zone, bound from rollup_state`)).rows;
    liteRebuild(e.lite.$client, calendarOf(NY), 1000);
    expect(state).toEqual(
      e.lite.$client.prepare('select time_zone, bound from rollup_state').all(),
    );
    const t = await tables();
    expect(t.pg).toEqual(t.lite);
    // The largest measure: the busiest payment code's month gross, in fen.
    expect(state[0]).toMatchObject({ time_zone: NY });
    expect(Number(state[0]!.bound)).toBeGreaterThan(10_000);
  });
});
