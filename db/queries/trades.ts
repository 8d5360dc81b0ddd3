import { and, asc, eq, gt, gte, lte, sql, inArray, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { trades } from '../schema';
import { STAT_CATEGORIES, CASH_PAY_STYLE, GAME_PAY_STYLE } from '@/lib/domain/paystyles';

export type TradeRow = typeof trades.$inferSelect;
export type TradeInsert = typeof trades.$inferInsert;

export interface TradeListParams {
  assetId?: string;
  startTime?: number;
  endTime?: number;
  payStyle?: number;
  limit: number;
  /** Opaque: the last row id of the previous page. */
  cursor?: number;
}

/** The time a trade counts at: when it was paid, else when it was created. */
const tradeTime = sql<number>`coalesce(${trades.payTime}, ${trades.createTime})`;

export function listTrades(db: DbOrTx, p: TradeListParams) {
  const where: SQL[] = [];
  if (p.assetId) where.push(eq(trades.assetId, p.assetId));
  if (p.startTime !== undefined) where.push(gte(tradeTime, p.startTime));
  if (p.endTime !== undefined) where.push(lte(tradeTime, p.endTime));
  if (p.payStyle !== undefined) where.push(eq(trades.payStyle, p.payStyle));
  if (p.cursor !== undefined) where.push(gt(trades.id, p.cursor));
  const rows = db
    .select()
    .from(trades)
    .where(and(...where))
    .orderBy(asc(trades.id))
    .limit(p.limit + 1)
    .all();
  const more = rows.length > p.limit;
  const items = more ? rows.slice(0, p.limit) : rows;
  return { items, nextCursor: more ? String(items[items.length - 1]!.id) : null };
}

export interface SalesStatsParams {
  assetIds?: string[];
  startTime: number;
  endTime: number;
}

const amountExpr = sql`coalesce(${trades.cost}, coalesce(${trades.price}, 0) * coalesce(${trades.count}, 1))`;
const refundExpr = sql`case when ${trades.refundStatus} = 2 then coalesce(${trades.refundFee}, 0) else 0 end`;
const netExpr = sql`(${amountExpr} - ${refundExpr})`;
const countExpr = sql`coalesce(${trades.count}, 1)`;

function inCodes(codes: readonly number[]) {
  return sql.raw(`pay_style in (${codes.join(',')})`);
}

/**
 * §5.1-shaped statistics from our own trades: paid trades count; refunded amounts are
 * subtracted from the amounts and reported as refundAmount; game prizes are reported apart
 * and are in neither count nor amount; offline ("outline") is cash, online is the rest.
 */
export function salesStats(db: DbOrTx, p: SalesStatsParams) {
  const categorised = STAT_CATEGORIES.flatMap(([name, codes]) => [
    sql`sum(case when ${inCodes(codes)} then ${countExpr} else 0 end) as ${sql.identifier(`${name}Count`)}`,
    sql`sum(case when ${inCodes(codes)} then ${netExpr} else 0 end) as ${sql.identifier(`${name}Amount`)}`,
  ]);
  const known = STAT_CATEGORIES.flatMap(([, codes]) => codes);
  const notOther = sql.raw(`pay_style in (${known.join(',')})`);
  const notGame = sql.raw(`coalesce(pay_style, -1) <> ${GAME_PAY_STYLE}`);
  const cash = sql.raw(`pay_style = ${CASH_PAY_STYLE}`);
  const filters: SQL[] = [
    eq(trades.payStatus, 1),
    gte(tradeTime, p.startTime),
    lte(tradeTime, p.endTime),
  ];
  if (p.assetIds?.length) filters.push(inArray(trades.assetId, p.assetIds));
  const query = sql`select ${trades.assetId} as assetId,
      sum(case when ${notGame} then ${countExpr} else 0 end) as count,
      sum(case when ${notGame} then ${netExpr} else 0 end) as amount,
      sum(case when ${notGame} then ${refundExpr} else 0 end) as refundAmount,
      sum(case when ${notGame} and not ${cash} then ${countExpr} else 0 end) as onlineCount,
      sum(case when ${notGame} and not ${cash} then ${netExpr} else 0 end) as onlineAmount,
      sum(case when ${cash} then ${countExpr} else 0 end) as outlineCount,
      sum(case when ${cash} then ${netExpr} else 0 end) as outlineAmount,
      ${sql.join(categorised, sql`, `)},
      sum(case when not coalesce(${notOther}, 0) then ${countExpr} else 0 end) as otherCount,
      sum(case when not coalesce(${notOther}, 0) then ${netExpr} else 0 end) as otherAmount
    from ${trades} where ${and(...filters)} group by ${trades.assetId}`;
  return db.all<Record<string, number | string>>(query);
}
