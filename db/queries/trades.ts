import 'server-only';
import { held, ready } from '../transaction';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { machines, refillSettlements, trades } from '../schema';
import { tradeTime, type Delivery } from '../schema/trades';
import { previousRefillTime } from './reconcile';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/trades';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export type TradeRow = typeof trades.$inferSelect;
export type TradeInsert = typeof trades.$inferInsert;

export interface TradeListParams {
  assetId?: string;
  startTime?: number;
  endTime?: number;
  payStyle?: number;
  /** Exact numbers: each answered by its own index, so a complaint's trade is found at once. */
  orderNo?: string;
  tradeNo?: string;
  goodsId?: string;
  payStatus?: number;
  delivery?: Delivery;
  refundStatus?: number;
  /** Only trades with a refund in any state (refundStatus other than 0). */
  refunds?: boolean;
  /** Newest first (the trades page) or oldest first (the default: integrators catching up). */
  order?: 'asc' | 'desc';
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

/** The same position going newest first: trades without a time come last (SQLite's order). */
function before(c: TradeCursor): SQL {
  if (c.time === -1) return sql`((${tradeTime}) is null and ${trades.id} < ${c.id})`;
  return sql`((${tradeTime}) < ${c.time} or (${tradeTime}) = ${c.time} and ${trades.id} < ${c.id} or (${tradeTime}) is null)`;
}

type Key = Pick<
  TradeRow,
  'id' | 'payStyle' | 'goodsId' | 'payStatus' | 'delivery' | 'refundStatus'
> & { time: number | null };

/** The filters no index answers, checked on the examined keys (at most TRADE_SCAN_LIMIT). */
function scanFilter(p: TradeListParams): ((k: Key) => boolean) | undefined {
  const checks: ((k: Key) => boolean)[] = [];
  if (p.payStyle !== undefined) checks.push((k) => k.payStyle === p.payStyle);
  if (p.goodsId !== undefined) checks.push((k) => k.goodsId === p.goodsId);
  if (p.payStatus !== undefined) checks.push((k) => k.payStatus === p.payStatus);
  if (p.delivery !== undefined) checks.push((k) => k.delivery === p.delivery);
  if (p.refundStatus !== undefined) checks.push((k) => k.refundStatus === p.refundStatus);
  if (p.refunds) checks.push((k) => k.refundStatus !== null && k.refundStatus !== 0);
  return checks.length ? (k) => checks.every((c) => c(k)) : undefined;
}

/**
 * Trades in the order they count (their time, then id), a page at a time, oldest or newest
 * first. Every page costs at most one index range: an order or trade number its own index, the
 * fleet-wide order the `trades_time_idx` index, a machine its own rows; the filters no index
 * answers (payment method, goods, states, refunds) examine at most TRADE_SCAN_LIMIT of them.
 */
export async function listTrades(db: DbOrTx, p: TradeListParams) {
  if (isPg(db)) return onPg.listTrades(pgOf(db), p);
  while (held(db)) await ready(db);
  const where: SQL[] = [];
  if (p.orderNo !== undefined) where.push(eq(trades.orderNo, p.orderNo));
  if (p.tradeNo !== undefined) where.push(eq(trades.tradeNo, p.tradeNo));
  if (p.assetId) where.push(eq(trades.assetId, p.assetId));
  if (p.startTime !== undefined) where.push(sql`(${tradeTime}) >= ${p.startTime}`);
  if (p.endTime !== undefined) where.push(sql`(${tradeTime}) <= ${p.endTime}`);
  const newest = p.order === 'desc';
  if (p.cursor) where.push(newest ? before(p.cursor) : after(p.cursor));
  const order = newest
    ? [sql`(${tradeTime}) desc`, desc(trades.id)]
    : [sql`(${tradeTime})`, asc(trades.id)];
  const filter = scanFilter(p);
  const keys: Key[] = db
    .select({
      id: trades.id,
      time: sql<number | null>`(${tradeTime})`,
      payStyle: trades.payStyle,
      goodsId: trades.goodsId,
      payStatus: trades.payStatus,
      delivery: trades.delivery,
      refundStatus: trades.refundStatus,
    })
    .from(trades)
    .where(and(...where))
    .orderBy(...order)
    .limit(filter ? TRADE_SCAN_LIMIT : p.limit + 1)
    .all();
  const matching = filter ? keys.filter(filter) : keys;
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
  const stoppedEarly = !more && filter !== undefined && keys.length === TRADE_SCAN_LIMIT;
  const last = more ? page.at(-1) : stoppedEarly ? keys.at(-1) : undefined;
  return { items: rows, nextCursor: last ? formatTradeCursor(keyOf(last)) : null };
}

/**
 * The refill visit whose window ([lastRefillTime, refillTime), D21) holds each trade: the
 * machine's first settlement after it, one lookup of `refill_asset_time_uq` per trade. A trade
 * after the machine's last visit has none yet.
 */
export async function coveringVisits(
  db: DbOrTx,
  rows: readonly { id: number; assetId: string; time: number | null }[],
) {
  if (isPg(db)) return onPg.coveringVisits(pgOf(db), rows);
  while (held(db)) await ready(db);
  const out = new Map<number, number>();
  for (const r of rows) {
    if (r.time === null) continue;
    const visit = db
      .select({ id: refillSettlements.id, from: refillSettlements.lastRefillTime })
      .from(refillSettlements)
      .where(
        and(
          eq(refillSettlements.assetId, r.assetId),
          sql`${refillSettlements.refillTime} > ${r.time}`,
        ),
      )
      .orderBy(asc(refillSettlements.refillTime))
      .limit(1)
      .get();
    if (visit && (visit.from === null || visit.from <= r.time)) out.set(r.id, visit.id);
  }
  return out;
}

/**
 * A refill visit's trade window as the reconciliation reads it (D21): its machine and
 * [lastRefillTime, refillTime), without lastRefillTime from the machine's previous visit.
 * Undefined when there is no such visit.
 */
export async function visitWindow(db: DbOrTx, id: number) {
  if (isPg(db)) return onPg.visitWindow(pgOf(db), id);
  while (held(db)) await ready(db);
  const v = db
    .select({
      assetId: refillSettlements.assetId,
      from: refillSettlements.lastRefillTime,
      to: refillSettlements.refillTime,
    })
    .from(refillSettlements)
    .where(eq(refillSettlements.id, id))
    .get();
  if (!v) return undefined;
  const from = v.from ?? (await previousRefillTime(db, v.assetId, v.to)) ?? 0;
  return { assetId: v.assetId, startTime: from, endTime: v.to - 1 };
}

/** The names of the machines a page of trades belongs to (those that have one). */
export async function machineNames(db: DbOrTx, assetIds: readonly string[]) {
  if (isPg(db)) return onPg.machineNames(pgOf(db), assetIds);
  while (held(db)) await ready(db);
  if (!assetIds.length) return new Map<string, string>();
  const rows = db
    .select({ assetId: machines.assetId, name: machines.name })
    .from(machines)
    .where(inArray(machines.assetId, [...new Set(assetIds)]))
    .all();
  return new Map(rows.flatMap((r) => (r.name ? [[r.assetId, r.name] as const] : [])));
}
