import { beforeEach, describe, expect, it } from 'vitest';
import { rng } from '@/e2e/support/rng';
import { openDb, rollupCalendar } from '@/lib/db';
import type { Db } from '@/db/client';
import { rebuildRollups } from '@/db/rollups';
import { projectTrade, upsertTradeRow } from '@/lib/ingest/trade';
import { bufferRollups, rollupDelta, rollupTrade } from '@/lib/ingest/rollup';
import { inTransaction } from '@/db/prepared';
import type { TradeMessage } from '@/lib/ingest/push/schemas';
import type { SalesScope } from '@/db/queries/sales';
import { aggregate, type AggregateQuery } from './aggregate';
import { decompose } from './plan';
import { salesReport } from './report';
import { salesStatistic } from '@/lib/sales/stats';

const TZ = 'Asia/Shanghai';
/** 2025-01-20 00:00 +08:00: the trades span late January to early April, three month ends. */
const T0 = 1_737_302_400;
const DAY = 86_400;

let db: Db;
// Received after every trade of the history: late, never ahead of the machine (D71).
let clock = T0 + 80 * DAY;
const ctx = () => ({ db, clientId: 'unit-client', inboxId: 0, receivedAt: ++clock });

function trade(id: string, fields: Partial<TradeMessage>): TradeMessage {
  return { clientId: 'unit-client', nonce_str: id, sign: 'x', id, assetId: 'A1', ...fields };
}

const ASSETS = ['A1', 'A2', 'A3'];
const GOODS = ['g-tea', 'g-water', 'g-cola', undefined];
const PAYS = [2, 3, 4, 8, 13, 21, undefined];

/**
 * Inserts, re-pushes (the same state again, a later one, an earlier one that must not win),
 * refunds in both orders, and trades whose time, goods or payment method arrive or change.
 */
async function mixedHistory(seed: number, n: number) {
  const r = rng(seed);
  const known: TradeMessage[] = [];
  for (let i = 0; i < n; i++) {
    const roll = r.next();
    if (roll < 0.45 || known.length === 0) {
      const t = T0 + r.int(0, 75 * DAY);
      const m = trade(`t${i}`, {
        assetId: r.pick(ASSETS),
        goodsId: r.pick(GOODS),
        goodsName: 'goods',
        payStyle: r.pick(PAYS),
        price: r.pick([150, 300, 450, 500]),
        count: r.chance(0.1) ? 2 : r.chance(0.1) ? undefined : 1,
        payStatus: r.pick([0, 1, 1, 1, 2]),
        payTime: r.chance(0.1) ? undefined : t,
        createTime: t - 20,
        deliverStatus: 0,
        refundStatus: 0,
        refundFee: 0,
      });
      await projectTrade(ctx(), m);
      known.push(m);
      continue;
    }
    const prev = r.pick(known);
    let next: TradeMessage;
    if (roll < 0.6) next = { ...prev };
    else if (roll < 0.75)
      next = { ...prev, payStatus: 1, refundStatus: 2, refundFee: prev.price ?? 100 };
    else if (roll < 0.82) next = { ...prev, refundStatus: 1 };
    else if (roll < 0.88) next = { ...prev, payStatus: 0, refundStatus: 0 };
    else if (roll < 0.94)
      next = { ...prev, payStyle: r.pick([2, 4, 8]), goodsId: r.pick(['g-tea', 'g-juice']) };
    else next = { ...prev, payTime: (prev.payTime ?? prev.createTime!) + r.int(-DAY, DAY) };
    await projectTrade(ctx(), next);
    known.push(next);
  }
}

function rollupRows(database: Db) {
  return database.$client
    .prepare(
      `select grain, asset_id, bucket, goods_id, pay_style, units, gross, refunds, refunded
       from sales_rollups where units or gross or refunds or refunded
       order by grain, asset_id, bucket, goods_id, pay_style`,
    )
    .raw()
    .all();
}

beforeEach(() => {
  db = openDb(':memory:');
});

describe('sales rollups', () => {
  it('equal a raw scan of the trades after inserts, re-pushes and refunds', async () => {
    await mixedHistory(7, 1500);
    const maintained = rollupRows(db);
    expect(maintained.length).toBeGreaterThan(500);
    // Recompute every rollup from the trades in SQL, and compare row by row.
    db.$client.transaction(() => rebuildRollups(db.$client, rollupCalendar(TZ), 0))();
    expect(maintained).toEqual(rollupRows(db));
  });

  it('summed in memory per transaction, as the bulk load writes them, equal the scan too', async () => {
    await inTransaction(db, () => bufferRollups(db, async () => await mixedHistory(7, 1500)));
    const buffered = rollupRows(db);
    expect(buffered.length).toBeGreaterThan(500);
    db.$client.transaction(() => rebuildRollups(db.$client, rollupCalendar(TZ), 0))();
    expect(buffered).toEqual(rollupRows(db));
  });

  it('drop the changes of a buffered scope that throws, with its rolled-back savepoint', async () => {
    const paid = (id: string, assetId: string) =>
      trade(id, { assetId, payStatus: 1, payStyle: 2, price: 300, count: 1, payTime: T0 + 60 });
    await inTransaction(db, () =>
      bufferRollups(db, async () => {
        await projectTrade(ctx(), paid('kept', 'A1'));
        await expect(
          inTransaction(db, () =>
            bufferRollups(db, async () => {
              await projectTrade(ctx(), paid('dropped', 'A2'));
              throw new Error('projection failed');
            }),
          ),
        ).rejects.toThrow('projection failed');
        await inTransaction(db, () =>
          bufferRollups(db, async () => await projectTrade(ctx(), paid('also', 'A1'))),
        );
      }),
    );
    const buffered = rollupRows(db);
    db.$client.transaction(() => rebuildRollups(db.$client, rollupCalendar(TZ), 0))();
    expect(buffered).toEqual(rollupRows(db));
    const stat = await salesStatistic(db, { startTime: T0, endTime: T0 + DAY, timeZone: TZ });
    expect(stat).toHaveLength(1);
    expect(stat[0]).toMatchObject({ assetId: 'A1', count: 2 });
  });

  it('answer every grouping, filter and range exactly as the trades do', async () => {
    await mixedHistory(11, 1200);
    const r = rng(3);
    const groupings = [[], ['pay'], ['asset'], ['goods'], ['asset', 'pay'], ['asset', 'goods']];
    for (let i = 0; i < 60; i++) {
      // Ranges on local midnights, on month starts, and on arbitrary seconds.
      const from = T0 - DAY + r.int(0, 40) * DAY + (r.chance(0.4) ? r.int(0, DAY) : -8 * 3600);
      const to = from + r.int(0, 60) * DAY + (r.chance(0.4) ? r.int(0, DAY) : -1);
      const scope: SalesScope = {
        assets: r.chance(0.3) ? ['A1', 'A3'] : null,
        goods: r.chance(0.2) ? ['g-tea', ''] : null,
        pays: r.chance(0.2) ? [2, 8, -1] : null,
        prizes: r.pick(['include', 'exclude', 'only', undefined] as const),
      };
      const q: AggregateQuery = {
        startTime: from,
        endTime: Math.max(from, to),
        scope,
        by: r.pick(groupings) as AggregateQuery['by'],
        timeline: r.pick([undefined, 'hour', 'day', 'week'] as const),
        timeZone: TZ,
      };
      if (q.timeline === 'hour') q.endTime = Math.min(q.endTime, from + 10 * DAY);
      const sorted = (rows: object[]) => rows.map((x) => JSON.stringify(x)).sort();
      const fast = await aggregate(db, q);
      const raw = await aggregate(db, { ...q, source: 'raw' });
      expect(sorted(fast.rows), JSON.stringify(q)).toEqual(sorted(raw.rows));
      expect(raw.plan.family).toBeNull();
    }
  });

  it('read a partial period as the whole one less the rest when the rest is shorter, exactly', async () => {
    await mixedHistory(17, 1000);
    const r = rng(9);
    let taken = 0;
    for (let i = 0; i < 40; i++) {
      // "Now" inside the history, so the rest of its month still holds trades to take away.
      const now = T0 + r.int(10, 70) * DAY + r.int(0, DAY);
      const from = now - r.pick([1, 7, 30, 45]) * DAY - r.pick([0, 3600, 8 * 3600]);
      const q: AggregateQuery = {
        startTime: from,
        endTime: now - 1,
        scope: {
          assets: r.chance(0.3) ? ['A1', 'A2'] : null,
          goods: null,
          pays: r.chance(0.3) ? [2, 8] : null,
        },
        by: r.pick([[], ['asset'], ['pay'], ['goods']]) as AggregateQuery['by'],
        timeZone: TZ,
        now,
      };
      const fast = await aggregate(db, q);
      taken += fast.plan.spans.filter((s) => s.sign === -1).length;
      const sorted = (rows: object[]) => rows.map((x) => JSON.stringify(x)).sort();
      expect(sorted(fast.rows), JSON.stringify(q)).toEqual(
        sorted((await aggregate(db, { ...q, source: 'raw' })).rows),
      );
    }
    expect(taken).toBeGreaterThan(10);
  });

  it('use whole months and days where the range allows, the trades only at the edges', async () => {
    await mixedHistory(5, 200);
    const from = T0 + 8 * 3600 + 5; // 2025-01-20 08:00:05 local
    const to = T0 + 45 * DAY + 3 * 3600; // 2025-03-06 03:00 local
    const spans = decompose(from, to, ['month', 'day', 'hour'], TZ);
    expect(spans.map((s) => s.level)).toEqual(['raw', 'hour', 'day', 'month', 'day', 'hour']);
    expect(spans[3]).toMatchObject({ from: 1_738_339_200, to: 1_740_758_400 }); // February
    expect(spans.every((s, i) => i === 0 || s.from === spans[i - 1]!.to)).toBe(true);
  });

  it('rebuild in another time zone (with summer time) matches the trades there', async () => {
    await mixedHistory(13, 600);
    const berlin = 'Europe/Berlin';
    db.$client.transaction(() => rebuildRollups(db.$client, rollupCalendar(berlin), 0))();
    // 2025-03-30: clocks go forward in Berlin; a week around it, by day and by hour.
    const q = (timeline: 'day' | 'hour'): AggregateQuery => ({
      startTime: 1_742_943_600,
      endTime: 1_743_544_799,
      scope: { assets: null, goods: null, pays: null },
      by: ['pay'],
      timeline,
      timeZone: berlin,
    });
    // Asked in the zone they were not built in, they fall back to UTC hours and still agree.
    const shanghai = { ...q('day'), timeZone: TZ };
    expect((await aggregate(db, shanghai)).rows).toEqual(
      (await aggregate(db, { ...shanghai, source: 'raw' })).rows,
    );
    for (const unit of ['day', 'hour'] as const) {
      const fast = await aggregate(db, q(unit));
      expect(fast.rows).toEqual((await aggregate(db, { ...q(unit), source: 'raw' })).rows);
    }
    expect((await aggregate(db, q('hour'))).periods).toHaveLength(7 * 24 - 1);
  });

  it('count cost from the pull before price × count, and a trade that loses its payment', async () => {
    const c = ctx();
    const { before, after } = await upsertTradeRow(c, {
      tradeId: 'P1',
      assetId: 'A1',
      price: 300,
      count: 2,
      cost: 550,
      payStyle: 2,
      payStatus: 1,
      payTime: T0 + 100,
      source: 'pull',
    });
    await rollupTrade(db, before, after, TZ);
    const stat = async () =>
      (await salesStatistic(db, { startTime: T0, endTime: T0 + DAY, timeZone: TZ }))[0];
    expect(await stat()).toMatchObject({ count: 2, amount: 550, wechatAmount: 550 });
    // A trade that stops counting (here: paid → failed) takes back exactly what it added.
    const back = rollupDelta(after, { ...after, payStatus: 2 }, TZ);
    expect(back).toHaveLength(9);
    expect(back.every((row) => row[5] === -2 && row[6] === -550)).toBe(true);
  });

  it('the report reads the same from rollups and from the trades', async () => {
    await mixedHistory(17, 800);
    const f = { startTime: T0, endTime: T0 + 70 * DAY - 1 };
    const fast = await salesReport(db, f, { timeZone: TZ });
    const raw = await salesReport(db, f, { timeZone: TZ, source: 'raw' });
    expect(fast).toEqual(raw);
    expect(fast.statistic.count).toBeGreaterThan(0);
    expect(fast.granularity).toBe('day');
    const narrowed = { ...f, assetIds: ['A2'], payStyles: [4, 8] };
    expect(await salesReport(db, narrowed, { timeZone: TZ })).toEqual(
      await salesReport(db, narrowed, { timeZone: TZ, source: 'raw' }),
    );
  });
});
