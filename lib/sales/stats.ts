import 'server-only';
import type { DbOrTx } from '@/db/client';
import type { Measures } from '@/db/queries/sales';
import { CASH_PAY_STYLE, GAME_PAY_STYLE, STAT_CATEGORIES } from '@/lib/sales/paystyles';
import { getConfig } from '@/lib/config';
import { aggregate } from '@/lib/sales/aggregate';
import type { SalesScope } from '@/db/queries/sales';

/** §5.1's numeric fields, in its order (`aliapyAmount` and `othereCount` are added as well). */
export const STAT_FIELDS = [
  'amount',
  'count',
  'refundAmount',
  'onlineCount',
  'onlineAmount',
  'outlineCount',
  'outlineAmount',
  ...STAT_CATEGORIES.flatMap(([name]) => [`${name}Count`, `${name}Amount`]),
  'otherAmount',
  'otherCount',
] as const;

export type Statistic = Record<string, number>;

const CATEGORY = new Map<number, string>(
  STAT_CATEGORIES.flatMap(([name, codes]) => codes.map((c) => [c, name] as const)),
);

/** The §5.1 category of a payStyle: its name, or "other" (no payStyle included). */
export function categoryOf(payStyle: number): string {
  return CATEGORY.get(payStyle) ?? 'other';
}

/**
 * §5.1's figures from sums per payStyle (docs/decisions.md D5): amounts are net of refunds;
 * game prizes are only in gameCount/gameAmount; offline ("outline") is cash, online every
 * other method (a trade without payStyle too); refundAmount is what was refunded of the rest.
 * §5.1 spells two fields `aliapyAmount` and `othereCount`: both spellings are written.
 */
export function statisticOf(byPay: readonly (Measures & { pay: number })[]): Statistic {
  const out: Statistic = Object.fromEntries(STAT_FIELDS.map((f) => [f, 0]));
  for (const r of byPay) {
    const net = r.gross - r.refunds;
    const category = categoryOf(r.pay);
    out[`${category}Count`]! += r.units;
    out[`${category}Amount`]! += net;
    if (r.pay === GAME_PAY_STYLE) continue;
    out.count! += r.units;
    out.amount! += net;
    out.refundAmount! += r.refunds;
    const side = r.pay === CASH_PAY_STYLE ? 'outline' : 'online';
    out[`${side}Count`]! += r.units;
    out[`${side}Amount`]! += net;
  }
  out.aliapyAmount = out.alipayAmount!;
  out.othereCount = out.otherCount!;
  return out;
}

export interface StatisticParams {
  startTime: number;
  endTime: number;
  /** Restrict to these machines (each is answered, with zeros if it sold nothing). */
  assetIds?: string[];
  goodsIds?: string[];
  payStyles?: number[];
  timeZone?: string;
  source?: 'rollups' | 'raw';
}

const scopeOf = (p: StatisticParams, assets: string[] | null): SalesScope => ({
  assets,
  goods: p.goodsIds ?? null,
  pays: p.payStyles ?? null,
});

/** §5.1's shape for the whole selection. */
export async function totalStatistic(db: DbOrTx, p: StatisticParams & { assets: string[] | null }) {
  const { rows } = await aggregate(db, {
    startTime: p.startTime,
    endTime: p.endTime,
    scope: scopeOf(p, p.assets),
    by: ['pay'],
    timeZone: p.timeZone ?? getConfig().FLEET_TIME_ZONE,
    source: p.source,
  });
  return statisticOf(rows);
}

/**
 * §5.1's shape, one object per asset: the assets asked for (zeros where one sold nothing), or
 * every asset that sold in the range.
 */
export async function salesStatistic(db: DbOrTx, p: StatisticParams) {
  const { rows } = await aggregate(db, {
    startTime: p.startTime,
    endTime: p.endTime,
    scope: scopeOf(p, p.assetIds?.length ? p.assetIds : null),
    by: ['asset', 'pay'],
    timeZone: p.timeZone ?? getConfig().FLEET_TIME_ZONE,
    source: p.source,
  });
  const byAsset = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byAsset.get(r.asset);
    if (list) list.push(r);
    else byAsset.set(r.asset, [r]);
  }
  const assetIds = p.assetIds?.length ? p.assetIds : [...byAsset.keys()].sort();
  return assetIds.map((assetId) => ({
    assetId,
    startTime: p.startTime,
    endTime: p.endTime,
    ...statisticOf(byAsset.get(assetId) ?? []),
  }));
}
