import { and, asc, eq, gt, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { trades } from '../schema';

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
