import 'server-only';
import type { Db } from '@/db/client';
import type { TradeRow } from '@/db/queries/trades';
import { GRAIN_DEFS, grainRow, type Contribution, type RollupRow } from '@/db/rollups';
import { addTradeRollups, bufferRollups as bufferRollupsOf } from '@/db/queries/rollups';
import { dayAndMonthOf, utcHour } from '@/lib/sales/periods';
import { getConfig } from '@/lib/config';
import { GAME_PAY_STYLE } from '@/lib/sales/paystyles';

/** The fields of a trade that decide what it adds to the statistics. */
export type RollupTrade = Pick<
  TradeRow,
  | 'assetId'
  | 'goodsId'
  | 'goodsName'
  | 'goodsNumber'
  | 'typeName'
  | 'payStyle'
  | 'payStatus'
  | 'payTime'
  | 'createTime'
  | 'price'
  | 'count'
  | 'cost'
  | 'refundStatus'
  | 'refundFee'
>;

const calendars = new Map<string, Awaited<ReturnType<typeof dayAndMonthOf>>>();
function calendar(timeZone: string) {
  let c = calendars.get(timeZone);
  if (!c) calendars.set(timeZone, (c = dayAndMonthOf(timeZone)));
  return c;
}

/**
 * What one trade adds to the rollups, times `sign`: nothing (null) unless it is paid and has a
 * time. The same rules as the rebuild in db/rollups.ts and as D5: counted at
 * coalesce(payTime, createTime); amount = cost, else price × count; a refund (refundStatus 2)
 * is its refundFee.
 */
export function contribution(t: RollupTrade, sign: 1 | -1, timeZone: string): Contribution | null {
  if (t.payStatus !== 1) return null;
  const time = t.payTime ?? t.createTime;
  if (time == null || time < 0) return null;
  const count = t.count ?? 1;
  const refunded = t.refundStatus === 2;
  const { day, month } = calendar(timeZone)(time);
  const payStyle = t.payStyle ?? -1;
  return {
    assetId: t.assetId,
    goodsId: t.goodsId ?? '',
    payStyle,
    // Grains without the payment dimension still tell game prizes apart (§5.1 reports them apart).
    prize: payStyle === GAME_PAY_STYLE ? GAME_PAY_STYLE : -1,
    hour: utcHour(time),
    day,
    month,
    units: sign * count,
    gross: sign * (t.cost ?? (t.price ?? 0) * count),
    refunds: refunded ? sign * (t.refundFee ?? 0) : 0,
    refunded: refunded ? sign : 0,
  };
}

/** What one trade adds to each rollup row, times `sign`, in GRAIN_DEFS order. */
export function contributions(t: RollupTrade, sign: 1 | -1, timeZone: string): RollupRow[] {
  const c = contribution(t, sign, timeZone);
  return c ? GRAIN_DEFS.map((g) => grainRow(g, c)) : [];
}

/**
 * before's contribution taken away, after's added, per row; rows that do not change left out.
 * Both lists are in GRAIN_DEFS order, so a row whose key did not move is one delta row.
 */
export function rollupDelta(
  before: RollupTrade | undefined,
  after: RollupTrade,
  timeZone: string,
): RollupRow[] {
  const added = contributions(after, 1, timeZone);
  const taken = before ? contributions(before, -1, timeZone) : [];
  const changes = (r: RollupRow) => r[5] !== 0 || r[6] !== 0 || r[7] !== 0 || r[8] !== 0;
  if (!taken.length) return added.filter(changes);
  if (!added.length) return taken.filter(changes);
  const out: RollupRow[] = [];
  for (let i = 0; i < added.length; i++) {
    const a = added[i]!;
    const b = taken[i]!;
    if (a[1] === b[1] && a[2] === b[2] && a[3] === b[3] && a[4] === b[4]) {
      const d: RollupRow = [
        a[0],
        a[1],
        a[2],
        a[3],
        a[4],
        a[5] + b[5],
        a[6] + b[6],
        a[7] + b[7],
        a[8] + b[8],
      ];
      if (changes(d)) out.push(d);
    } else out.push(...[b, a].filter(changes));
  }
  return out;
}

/**
 * Keeps the sales rollups equal to the trades: called by the trade projection, in its
 * transaction, with the stored trade before and after the upsert (before undefined: new).
 * Summed in memory when a buffer is open (the old state's rows and the new one's simply both
 * go in), else written at once.
 */
export function rollupTrade(
  db: Db,
  before: RollupTrade | undefined,
  after: RollupTrade,
  timeZone = getConfig().FLEET_TIME_ZONE,
): Promise<void> {
  return addTradeRollups(
    db,
    (before && contribution(before, -1, timeZone)) || null,
    contribution(after, 1, timeZone),
    after.goodsId
      ? {
          goodsId: after.goodsId,
          goodsName: after.goodsName ?? null,
          goodsNumber: after.goodsNumber ?? null,
          typeName: after.typeName ?? null,
        }
      : null,
  );
}

/**
 * Runs `fn`, inside the caller's transaction, with the rollup changes of the trades it
 * projects summed in memory and written once per rollup row at its end (the bulk load: a day
 * of a large fleet touches each month row thousands of times). Exact: the changes only add.
 */
export function bufferRollups<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  return bufferRollupsOf(db, fn);
}
