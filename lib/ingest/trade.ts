import 'server-only';
import { touchMachine, type IngestContext } from './context';
import type { TradeMessage } from '@/lib/ingest/push/schemas';
import type { Delivery } from '@/db/schema';
import type { TradeInsert, TradeRow } from '@/db/queries/trades';
import { insertTrade, tradeByTradeId, updateTrade } from '@/db/queries/push';
import { rollupTrade, type RollupTrade } from './rollup';
import { keepShelfStock, type ShelfSale } from '@/db/shelf-stock';
import { believe } from '@/lib/ingest/machine-clock';
import { observeClock } from './clock';

/** What the sales rollups and the shelves' stock need of a trade's stored state. */
export type TradeState = RollupTrade & ShelfSale;

/** §3.1 (push) deliverStatus: -1 pending, 0 delivered, 2 failed (sold out), 3 failed. */
export function pushDelivery(code: number | undefined): Delivery | undefined {
  switch (code) {
    case -1:
      return 'pending';
    case 0:
      return 'delivered';
    case 2:
      return 'failed_sold_out';
    case 3:
      return 'failed';
    case undefined:
      return undefined;
    default:
      // Past §3.1's table (4, 5…): not a delivery we can count, kept with its code (D71).
      return 'unknown';
  }
}

/**
 * A trade's states only move forward: pending → paid/failed/timed out, pending →
 * delivered/failed, none → refunding → refunded/refund failed. A push that arrives late with an
 * earlier state must not undo a later one, so each group of state fields is taken only if it is
 * not behind. A code past the tables (payStatus 4, deliverStatus 4 or 5, refundStatus 4 or 5,
 * −1) is kept as it came but ranks as "in progress": every known final state overrides it and
 * it never undoes one (D71).
 */
const PAY_FINAL = new Set([1, 2, 3]);
const payRank = (s: number | null | undefined) => (s == null ? -1 : PAY_FINAL.has(s) ? 1 : 0);
const deliveryRank = (d: Delivery | null | undefined) =>
  d == null ? -1 : d === 'pending' || d === 'unknown' ? 0 : 1;
const refundRank = (s: number | null | undefined) =>
  s == null ? -1 : s === 0 ? 0 : s === 2 || s === 3 ? 2 : 1;

export type TradeFields = Omit<TradeInsert, 'id' | 'firstSeenAt' | 'updatedAt'>;

export function mergeTrade(existing: TradeRow, incoming: TradeFields): Partial<TradeInsert> {
  const merged: Partial<TradeInsert> = {};
  for (const [k, v] of Object.entries(incoming) as [keyof TradeFields, unknown][]) {
    if (v !== undefined && v !== null) (merged as Record<string, unknown>)[k] = v;
  }
  const keep = (fields: (keyof TradeFields)[]) => {
    for (const f of fields) delete merged[f];
  };
  // A time given comes with what the machine stated for it, null (believed) included.
  for (const [time, stated] of STATED) {
    if (merged[time] != null) merged[stated] = incoming[stated] ?? null;
  }
  if (payRank(incoming.payStatus) < payRank(existing.payStatus)) {
    keep(['payStatus', 'payTime', 'payTimeStated']);
  }
  if (deliveryRank(incoming.delivery) < deliveryRank(existing.delivery)) {
    keep(['deliverStatus', 'delivery', 'execTs', 'noticeTs', 'recvTs']);
  }
  if (refundRank(incoming.refundStatus) < refundRank(existing.refundStatus)) {
    keep([
      'refundStatus',
      'refundFee',
      'refundTime',
      'refundTimeStated',
      'refundOrderNo',
      'refundTradeNo',
    ]);
  }
  return merged;
}

/** The times of a trade a machine states, each with the column keeping it when not believed. */
const STATED = [
  ['payTime', 'payTimeStated'],
  ['createTime', 'createTimeStated'],
  ['refundTime', 'refundTimeStated'],
] as const;

/**
 * The trade's times as the app counts them (D71): each stated time more than CLOCK_AHEAD_S
 * after we received it is replaced by the receipt time and kept in its `…Stated` column; a
 * time stated as before keeps the time it was given then. The machine's clock is judged by them.
 */
async function believeTimes<F extends TradeFields>(
  ctx: IngestContext,
  fields: F,
  existing: TradeRow | undefined,
): Promise<F> {
  // Each pair assigned by name: computed keys would leave the row a dictionary, and binding it
  // to the insert statement was then most of this function's cost.
  const out = { ...fields };
  const at = ctx.receivedAt;
  const pay = believe(
    fields.payTime,
    at,
    existing && { time: existing.payTime, stated: existing.payTimeStated },
  );
  if (pay) {
    out.payTime = pay.time;
    out.payTimeStated = pay.stated;
  }
  const created = believe(
    fields.createTime,
    at,
    existing && { time: existing.createTime, stated: existing.createTimeStated },
  );
  if (created) {
    out.createTime = created.time;
    out.createTimeStated = created.stated;
  }
  const refund = believe(
    fields.refundTime,
    at,
    existing && { time: existing.refundTime, stated: existing.refundTimeStated },
  );
  if (refund) {
    out.refundTime = refund.time;
    out.refundTimeStated = refund.stated;
  }
  await observeClock(ctx, fields.assetId, [fields.payTime, fields.createTime, fields.refundTime]);
  return out;
}

/**
 * Inserts a trade, or brings the stored one forward; never a second row for one trade.
 * Returns the trade's stored state before (undefined when new) and after.
 */
export async function upsertTradeRow(ctx: IngestContext, given: TradeFields & { tradeId: string }) {
  const at = ctx.receivedAt;
  // Looked up first rather than "insert, else merge": a refused insert would still use up an
  // AUTOINCREMENT id, and the lookup of an unknown id is cheap (measured, docs/decisions.md D14).
  const existing = await tradeByTradeId(ctx.db, given.tradeId);
  const fields = await believeTimes(ctx, given, existing);
  if (existing) {
    const after = { ...existing, ...mergeTrade(existing, fields), updatedAt: at };
    await updateTrade(ctx.db, after);
    return { before: existing as TradeState, after: after as TradeState };
  }
  await insertTrade(ctx.db, { fields, at });
  // The fields as given: a field the message lacks is stored as null, which the rollups read
  // the same as undefined.
  return { before: undefined, after: fields as TradeState };
}

/** A pushed trade's fields as stored (§3.1's names mapped to the trades' columns). */
export function pushedTradeFields(m: TradeMessage): TradeFields & { tradeId: string } {
  return {
    tradeId: m.id,
    orderNo: m.orderNo,
    tradeNo: m.tradeNo,
    assetId: m.assetId,
    cid: m.cid,
    locationId: m.locationId,
    goodsId: m.goodsId,
    goodsName: m.goodsName,
    goodsNumber: m.goodsNumber,
    typeId: m.type,
    typeName: m.typeName,
    price: m.price,
    count: m.count,
    payStyle: m.payStyle,
    payStatus: m.payStatus,
    payTime: m.payTime,
    createTime: m.createTime,
    deliverStatus: m.deliverStatus,
    delivery: pushDelivery(m.deliverStatus),
    execTs: m.exec_ts,
    refundStatus: m.refundStatus,
    refundFee: m.refundFee,
    refundTime: m.refundTime,
    source: 'push',
  };
}

/**
 * A trade not stored yet, as upsertTradeRow would insert it (its times believed or not, the
 * machine's clock judged by them), for a caller that inserts many at once (D119).
 */
export async function newTradeRow(ctx: IngestContext, given: TradeFields & { tradeId: string }) {
  return await believeTimes(ctx, given, undefined);
}

export async function projectTrade(ctx: IngestContext, m: TradeMessage) {
  await touchMachine(ctx, m.assetId);
  const { before, after } = await upsertTradeRow(ctx, pushedTradeFields(m));
  await keepTradeTotals(ctx, before, after);
}

/**
 * What follows every trade upsert, pushed or pulled, in its transaction: the sales rollups and
 * the shelves' stock basis take the trade's old state away and add its new one.
 */
export async function keepTradeTotals(
  ctx: IngestContext,
  before: TradeState | undefined,
  after: TradeState,
) {
  await rollupTrade(ctx.db, before, after);
  await keepShelfStock(ctx.db, before, after);
}
