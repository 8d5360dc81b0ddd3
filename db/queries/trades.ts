import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { trades } from '../schema';
import { tradeTime } from '../schema/trades';

export type TradeRow = typeof trades.$inferSelect;
export type TradeInsert = typeof trades.$inferInsert;

export interface TradeListParams {
  assetId?: string;
  startTime?: number;
  endTime?: number;
  payStyle?: number;
  limit: number;
  /** Opaque: where the previous page stopped (a trade's time and id). */
  cursor?: TradeCursor;
}

/** A position in the trades' order: (time, id), time -1 for a trade with no time. */
export interface TradeCursor {
  time: number;
  id: number;
}

export const formatTradeCursor = (c: TradeCursor) => `${c.time}.${c.id}`;

/** The opaque cursor's text back to a position; undefined when it is not one of ours. */
export function parseTradeCursor(text: string): TradeCursor | undefined {
  const m = /^(-1|\d{1,12})\.(\d{1,15})$/.exec(text);
  return m ? { time: Number(m[1]), id: Number(m[2]) } : undefined;
}

/**
 * How many trades a page may examine for a filter no index answers (a payment method across
 * the fleet): a rare one would otherwise walk the whole table for one page. A page that stops
 * here is short, and its cursor goes on from where it stopped.
 */
export const TRADE_SCAN_LIMIT = 5000;

const keyOf = (r: { time: number | null; id: number }): TradeCursor => ({
  time: r.time ?? -1,
  id: r.id,
});

function after(c: TradeCursor): SQL {
  if (c.time === -1)
    return sql`((${tradeTime}) is null and ${trades.id} > ${c.id} or (${tradeTime}) is not null)`;
  return sql`((${tradeTime}) > ${c.time} or (${tradeTime}) = ${c.time} and ${trades.id} > ${c.id})`;
}

/**
 * Trades in the order they count (their time, then id), a page at a time. Every page costs at
 * most one index range: the fleet-wide order is the `trades_time_idx` index, a machine's its
 * own rows; a payment filter examines at most TRADE_SCAN_LIMIT of them (above).
 */
export function listTrades(db: DbOrTx, p: TradeListParams) {
  const where: SQL[] = [];
  if (p.assetId) where.push(eq(trades.assetId, p.assetId));
  if (p.startTime !== undefined) where.push(sql`(${tradeTime}) >= ${p.startTime}`);
  if (p.endTime !== undefined) where.push(sql`(${tradeTime}) <= ${p.endTime}`);
  if (p.cursor) where.push(after(p.cursor));
  const order = [sql`(${tradeTime})`, asc(trades.id)];
  const keys = db
    .select({ id: trades.id, time: sql<number | null>`(${tradeTime})`, payStyle: trades.payStyle })
    .from(trades)
    .where(and(...where))
    .orderBy(...order)
    .limit(p.payStyle === undefined ? p.limit + 1 : TRADE_SCAN_LIMIT)
    .all();
  const matching = p.payStyle === undefined ? keys : keys.filter((k) => k.payStyle === p.payStyle);
  const page = matching.slice(0, p.limit);
  const rows = page.length
    ? db
        .select()
        .from(trades)
        .where(
          inArray(
            trades.id,
            page.map((k) => k.id),
          ),
        )
        .orderBy(...order)
        .all()
    : [];
  const more = matching.length > p.limit;
  const stoppedEarly = !more && p.payStyle !== undefined && keys.length === TRADE_SCAN_LIMIT;
  const last = more ? page.at(-1) : stoppedEarly ? keys.at(-1) : undefined;
  return { items: rows, nextCursor: last ? formatTradeCursor(keyOf(last)) : null };
}
