import 'server-only';
import type { DbOrTx } from '@/db/client';
import {
  goodsNames,
  machinesInScope,
  scopeOptions,
  soldGoods,
  type Measures,
  type SalesScope,
} from '@/db/queries/sales';
import { GAME_PAY_STYLE } from '@/lib/sales/paystyles';
import { statisticOf } from '@/lib/sales/stats';
import { aggregate, type AggregateQuery } from './aggregate';
import { defaultGranularity, type Granularity, type SalesFilters } from './filters';

/**
 * The machines a filter selects: null when it names none (the whole fleet). assetIds alone
 * are taken as given (an unknown one is answered with zeros, as §5.1 does); with an area,
 * line or site they narrow those machines.
 */
export async function selectedAssets(db: DbOrTx, f: SalesFilters): Promise<string[] | null> {
  if (!f.areaName && !f.lineName && !f.siteName) return f.assetIds ?? null;
  return (await machinesInScope(db, f)).map((m) => m.assetId);
}

export interface Money extends Measures {
  net: number;
}
const money = (m: Measures): Money => ({
  units: m.units,
  gross: m.gross,
  refunds: m.refunds,
  refunded: m.refunded,
  net: m.gross - m.refunds,
});
const byNet = <T extends Money>(a: T & { key: string }, b: T & { key: string }) =>
  b.net - a.net || (a.key < b.key ? -1 : 1);

export interface ReportOptions {
  granularity?: Granularity;
  machineLimit?: number;
  timeZone: string;
  source?: 'rollups' | 'raw';
  topGoods?: number;
}

/**
 * Everything the statistics page shows for one set of filters: §5.1's totals, sales by
 * payment method, a timeline, the top goods and the machines. Sales, goods and machines leave
 * game prizes out (they are not revenue, D5) unless the payment filter asks for them.
 */
export async function salesReport(db: DbOrTx, f: SalesFilters, o: ReportOptions) {
  const assets = await selectedAssets(db, f);
  const scope: SalesScope = {
    assets,
    goods: f.goodsIds ?? null,
    pays: f.payStyles ?? null,
  };
  const sales: SalesScope = {
    ...scope,
    prizes: f.payStyles?.includes(GAME_PAY_STYLE) ? 'include' : 'exclude',
  };
  const granularity = o.granularity ?? defaultGranularity(f.startTime, f.endTime);
  const base: Omit<AggregateQuery, 'by'> = {
    startTime: f.startTime,
    endTime: f.endTime,
    scope,
    timeZone: o.timeZone,
    source: o.source,
  };

  const pays = (await aggregate(db, { ...base, by: ['pay'] })).rows;
  const timeline = await aggregate(db, { ...base, scope: sales, by: [], timeline: granularity });
  const byPeriod = new Map(timeline.rows.map((r) => [r.period, r]));
  const goods = (await aggregate(db, { ...base, scope: sales, by: ['goods'] })).rows
    .map((r) => ({ key: r.goods, ...money(r) }))
    .sort(byNet)
    .slice(0, o.topGoods ?? 10);
  const names = await goodsNames(
    db,
    goods.map((g) => g.key),
  );
  const machines = (await aggregate(db, { ...base, scope: sales, by: ['asset'] })).rows
    .map((r) => ({ key: r.asset, ...money(r) }))
    .sort(byNet);
  const shown = machines.slice(0, o.machineLimit ?? 500);
  const info = new Map(
    (await machinesInScope(db, { assetIds: shown.map((m) => m.key) })).map((m) => [m.assetId, m]),
  );
  const totals = pays.reduce(
    (t, r) => (r.pay === GAME_PAY_STYLE ? t : { ...t, gross: t.gross + r.gross }),
    { gross: 0 },
  );

  return {
    startTime: f.startTime,
    endTime: f.endTime,
    timeZone: o.timeZone,
    granularity,
    statistic: statisticOf(pays),
    /** Before refunds, game prizes left out; statistic.amount is after refunds. */
    grossAmount: totals.gross,
    refundedTrades: pays
      .filter((r) => r.pay !== GAME_PAY_STYLE)
      .reduce((n, r) => n + r.refunded, 0),
    byPayStyle: pays
      .map((r) => ({ key: String(r.pay), payStyle: r.pay, ...money(r) }))
      .sort(byNet)
      .map(({ key: _key, ...r }) => r),
    timeline: timeline.periods.map((start) => ({
      start,
      ...money(byPeriod.get(start) ?? { units: 0, gross: 0, refunds: 0, refunded: 0 }),
    })),
    topGoods: goods.map(({ key, ...r }) => ({
      goodsId: key,
      name: names.get(key)?.name ?? null,
      number: names.get(key)?.number ?? null,
      ...r,
    })),
    machines: {
      total: machines.length,
      items: shown.map(({ key, ...r }) => ({
        assetId: key,
        name: info.get(key)?.name ?? null,
        siteName: info.get(key)?.siteName ?? null,
        lineName: info.get(key)?.lineName ?? null,
        ...r,
      })),
    },
  };
}

export type SalesReport = Awaited<ReturnType<typeof salesReport>>;

/** What the filters can choose from. */
export async function reportOptions(db: DbOrTx) {
  return { ...(await scopeOptions(db)), goods: await soldGoods(db) };
}
