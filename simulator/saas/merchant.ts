import { ApiError } from './http';
import { dec, minorToText } from './money';
import type { OrderBook } from './orders';
import { adjustment, refund, settlement, type MoneyLine } from './payloads';
import type { SaasOrder } from './types';

/**
 * What the merchant does in the SAAS back office (§11.5–§11.7), driven by the control API:
 * each sends its callback to the order's NotifyUrl after the order's earlier callbacks.
 */

/** Orders whose recognition left the bill open: the ones a merchant settles by hand. */
const SETTLEABLE = new Set(['never-settled', 'recognition-failure', 'interrupted', 'no-shopping']);

function buyOrder(book: OrderBook, orderId: string): SaasOrder {
  const order = book.byId.get(orderId);
  if (!order) throw new ApiError(404, `Order ${orderId} does not exist`);
  if (order.transeType !== 0) throw new ApiError(409, `Order ${orderId} is a restock`);
  if (order.state === 'refused' || order.state === 'cancelled') {
    throw new ApiError(409, `Order ${orderId} was ${order.state}: there is nothing to bill`);
  }
  if (order.state === 'opening' || order.state === 'opened') {
    throw new ApiError(409, `Order ${orderId}: the door session is still in progress`);
  }
  return order;
}

export function settle(book: OrderBook, orderId: string) {
  const order = buyOrder(book, orderId);
  if (order.state === 'settled') throw new ApiError(409, `Order ${orderId} is already settled`);
  if (!SETTLEABLE.has(order.outcome.kind)) {
    throw new ApiError(409, `Order ${orderId} was recognised normally; adjust or refund it`);
  }
  book.ctx.courier.send(order, [
    {
      action: 'OrderSettlement',
      spaced: false,
      apply: () => {
        order.state = 'settled';
        order.billedMinor += order.totalMinor;
      },
      body: () => settlement(order),
    },
  ]);
  return { orderId, orderNo: order.orderNo, amount: minorToText(order.totalMinor) };
}

export function adjust(book: OrderBook, orderId: string, amountMinor: number) {
  const order = buyOrder(book, orderId);
  if (amountMinor <= 0) throw new ApiError(400, 'amount must be positive');
  const deductionNo = book.newOrderNo();
  const lines = linesFor(book, order, amountMinor);
  order.adjustments.push({ orderNo: deductionNo, amountMinor, at: book.ctx.now() });
  order.billedMinor += amountMinor;
  book.ctx.courier.send(order, [
    {
      action: 'OrderAdjustment',
      spaced: false,
      body: () => adjustment(order, deductionNo, lines),
    },
  ]);
  return { orderId, orderNo: deductionNo, amount: minorToText(amountMinor) };
}

export function refundOrder(book: OrderBook, orderId: string, amountMinor: number, remark = '') {
  const order = buyOrder(book, orderId);
  if (amountMinor <= 0) throw new ApiError(400, 'amount must be positive');
  const refundable = order.billedMinor - order.refundedMinor;
  if (amountMinor > refundable) {
    throw new ApiError(409, `Order ${orderId}: at most ${minorToText(refundable)} can be refunded`);
  }
  const refundNo = book.newOrderNo();
  const lines = linesFor(book, order, amountMinor);
  order.refunds.push({ orderNo: refundNo, amountMinor, at: book.ctx.now() });
  order.refundedMinor += amountMinor;
  const text = remark || 'Refund by the merchant';
  book.ctx.courier.send(order, [
    { action: 'OrderRefund', spaced: false, body: () => refund(order, refundNo, lines, text) },
  ]);
  return { orderId, refundOrderNo: refundNo, amount: minorToText(amountMinor) };
}

/**
 * Product lines worth exactly `amount`: a whole number of one product when the amount allows
 * (what was taken first, then the door's other goods), else one line priced at the amount.
 */
function linesFor(book: OrderBook, order: SaasOrder, amountMinor: number): MoneyLine[] {
  const cabinet = book.cabinet(order.machineId);
  const candidates = [
    ...order.taken.map((l) => ({
      id: l.commodityId,
      name: l.name,
      meterType: l.meterType,
      price: l.priceMinor,
    })),
    ...cabinet.commodities
      .filter((c) => c.doorNo === order.doorNo)
      .map((c) => ({
        id: c.commodityId,
        name: c.name,
        meterType: c.meterType,
        price: c.priceMinor,
      })),
  ];
  const exact = candidates.find((c) => c.meterType === 1 && amountMinor % c.price === 0);
  if (exact) {
    const count = amountMinor / exact.price;
    return [
      {
        Id: exact.id,
        AlisName: exact.name,
        BuyCount: count,
        MeterType: 1,
        Price: dec(exact.price),
      },
    ];
  }
  const first = candidates[0];
  return [
    {
      Id: first?.id ?? '',
      AlisName: first?.name ?? 'Adjustment',
      BuyCount: 1,
      MeterType: 1,
      Price: dec(amountMinor),
    },
  ];
}
