import 'server-only';
import type { Delivery } from '@/db/schema';
import {
  insertPulledMachine,
  lockOrderNo,
  renameTrade,
  setTradeId,
  tradeByOrderNo,
} from '@/db/queries/pulled-trades';
import type { PulledTrade } from '@/lib/platforms/smartvending/schemas';
import type { IngestContext } from './context';
import { keepTradeTotals, upsertTradeRow } from './trade';

/** §3.2 (pull) deliverStatus: 0 delivered, 3 pending, 1 no stock, 2 no such goods. */
export function pullDelivery(code: number | undefined): Delivery | undefined {
  switch (code) {
    case 0:
      return 'delivered';
    case 3:
      return 'pending';
    case 1:
      return 'no_stock';
    case 2:
      return 'no_such_goods';
    case undefined:
      return undefined;
    default:
      return 'unknown';
  }
}

/** The trade id a §3.2 row is stored under until its §3.1 push (which has the real id) comes. */
export const pulledTradeId = (orderNo: string) => `order:${orderNo}`;

/**
 * A push of a trade that a sync imported first takes that row over: §3.2 carries no trade id,
 * so the sync stored it under its order number, and the push renames it to its own id before
 * the upsert, which then merges into it (D4) instead of adding a second row.
 */
export async function adoptPulledTrade(
  ctx: IngestContext,
  id: string,
  orderNo: string | undefined,
) {
  if (!orderNo) return;
  // Until this transaction ends, a sync importing the same order waits, then finds this trade.
  await lockOrderNo(ctx.db, orderNo);
  await renameTrade(ctx.db, { from: pulledTradeId(orderNo), to: id });
}

/**
 * Makes sure a machine named by pulled data exists (incomplete until its device push), without
 * marking it seen: a sync reading old records is not a message from the machine (D18 silent).
 * Returns whether it was new.
 */
export async function ensurePulledMachine(ctx: IngestContext, assetId: string): Promise<boolean> {
  return await insertPulledMachine(ctx.db, { assetId, clientId: ctx.clientId, at: ctx.receivedAt });
}

export type PullOutcome = 'inserted' | 'updated' | 'unchanged';

const COMPARED = [
  'payStatus',
  'payTime',
  'delivery',
  'refundStatus',
  'refundFee',
  'price',
  'count',
  'cost',
  'payStyle',
  'goodsId',
  'createTime',
] as const;

/**
 * Imports one §3.2 trade through the same upsert and rollups as a push: the stored trade with
 * the same order number (pushed or pulled before) is brought forward by D4's rules, else a
 * new one is added. Never a second row, never a rollup counted twice.
 */
export async function projectPulledTrade(ctx: IngestContext, t: PulledTrade): Promise<PullOutcome> {
  await ensurePulledMachine(ctx, t.assetId);
  // Until this transaction ends, the push of the same order waits, then finds this row.
  await lockOrderNo(ctx.db, t.orderNo);
  const known = await tradeByOrderNo(ctx.db, t.orderNo);
  let tradeId = known?.tradeId;
  if (known && !tradeId) {
    tradeId = pulledTradeId(t.orderNo);
    await setTradeId(ctx.db, { id: known.id, tradeId });
  }
  // A final delivery state is kept with its own code: the pull's codes mean other things (D4).
  const deliveryFinal =
    known?.delivery != null && known.delivery !== 'pending' && known.delivery !== 'unknown';
  const { before, after } = await upsertTradeRow(ctx, {
    tradeId: tradeId ?? pulledTradeId(t.orderNo),
    orderNo: t.orderNo,
    tradeNo: t.tradeNo,
    assetId: t.assetId,
    cid: t.cid,
    locationId: t.locationId,
    goodsId: t.goodsId,
    goodsName: t.goodsName,
    goodsNumber: t.goodsNumber,
    typeId: t.type,
    typeName: t.typeName,
    price: t.price,
    price1: t.price_1,
    cost: t.cost,
    count: t.count,
    payStyle: t.payStyle,
    payStatus: t.payStatus,
    payTime: t.payTime,
    createTime: t.createTime,
    traCreateTime: t.traCreateTime,
    ...(!deliveryFinal && {
      deliverStatus: t.deliverStatus,
      delivery: pullDelivery(t.deliverStatus),
      noticeTs: t.notice_ts,
      recvTs: t.recv_ts,
      execTs: t.exec_ts,
    }),
    refundStatus: t.refundStatus,
    refundFee: t.refundFee,
    refundTime: t.refundTime,
    refundOrderNo: t.refundOrderNo,
    refundTradeNo: t.refundTradeNo,
    transactionId: t.transaction_id,
    gwId: t.gwId,
    deviceId: t.deviceId,
    siteId: t.siteId,
    lineId: t.lineId,
    lineName: t.lineName,
    machineType: t.machineType,
    couponId: t.coupon_id,
    couponFee: t.coupon_fee,
    couponCount: t.coupon_count,
    openId: t.openId,
    backType: t.back_type,
    phone: t.phone,
    fee: t.fee,
    currency: t.currency,
    pfFee: t.pfFee,
    // Where the row was first learnt: a pulled row is one the pushes missed.
    source: known?.source ?? 'pull',
  });
  await keepTradeTotals(ctx, before, after);
  if (!before) return 'inserted';
  return COMPARED.some((k) => before[k] !== after[k]) ? 'updated' : 'unchanged';
}
