import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import {
  cabinetGoodsOf,
  eventsOf,
  getCabinet,
  getCabinetOrder,
  insertCabinetOrder,
  setGoodsStock,
  type CabinetOrderRow,
} from '@/db/queries/cabinets';
import type { CabinetOrderState, CabinetOrderType } from '@/db/schema';
import type { Caller } from '@/lib/api/auth';
import { ApiError } from '@/lib/api/errors';
import { audit } from '@/lib/audit';
import { getConfig } from '@/lib/config';
import { saasCredentials } from '@/lib/credentials';
import { saasClient, SaasError } from '@/lib/saas';
import { lineAmount } from '@/lib/saas/money';
import {
  addEvent,
  derive,
  newCallbackToken,
  newOrderId,
  notifyUrl,
  recompute,
  sha256,
} from './orders';
import type { Item, RestockLine } from './state';

const nowSeconds = () => Math.floor(Date.now() / 1000);
const actorOf = (c: Caller) => c.principal?.label ?? null;

function orderOrThrow(db: Db, orderId: string): CabinetOrderRow {
  const order = getCabinetOrder(db, orderId);
  if (!order)
    throw new ApiError('NOT_FOUND', `cabinet order ${JSON.stringify(orderId)} does not exist`);
  return order;
}

function requireState(order: CabinetOrderRow, allowed: readonly CabinetOrderState[], what: string) {
  if (!allowed.includes(order.state))
    throw new ApiError('CONFLICT', `order ${order.orderId} is ${order.state}: cannot ${what}`);
}

function upstream(e: unknown): never {
  if (e instanceof SaasError) {
    if (e.kind === 'not_configured') throw new ApiError('CONFLICT', e.message);
    if (e.kind === 'refused') throw new ApiError('UNPROCESSABLE', e.message);
    throw new ApiError('BAD_GATEWAY', `the SAAS platform: ${e.message}`);
  }
  throw e;
}

/**
 * §5/§6: creates the order (so a fast callback finds it), then asks the platform to open the
 * door with a NotifyUrl carrying the order's token, then records the answer.
 */
export async function openCabinetDoor(
  db: Db,
  caller: Caller,
  input: { machineId: string; doorNo: number; type: CabinetOrderType; customerDetails?: string },
  origin: string,
) {
  if (!saasCredentials())
    throw new ApiError('CONFLICT', 'the SAAS OpenApi is not configured (Settings or SAAS_*)');
  const cabinet = getCabinet(db, input.machineId);
  if (!cabinet)
    throw new ApiError('UNPROCESSABLE', `machineId: ${input.machineId} is not a known cabinet`);
  const now = nowSeconds();
  const orderId = newOrderId(now);
  const token = newCallbackToken();
  const base = getConfig().APP_URL ?? origin;
  inTransaction(db, () => {
    insertCabinetOrder(db, {
      orderId,
      tokenHash: sha256(token),
      machineId: input.machineId,
      doorNo: input.doorNo,
      type: input.type,
      state: 'requested',
      customerDetails: input.customerDetails ?? null,
      currency: cabinet.currency,
      createdAt: now,
      createdBy: actorOf(caller),
      updatedAt: now,
    });
    audit(db, caller, {
      action: 'cabinet.open_door',
      targetKind: 'cabinet_order',
      targetId: orderId,
      after: input,
    });
  });
  let answer: { accepted: boolean; msg: string; orderNo: string | null } | null = null;
  let problem: string | null = null;
  try {
    answer = await saasClient().openDoor({
      orderId,
      machineId: input.machineId,
      doorNo: input.doorNo,
      type: input.type,
      customerDetails: input.customerDetails,
      notifyUrl: notifyUrl(base, orderId, token),
    });
  } catch (e) {
    if (e instanceof SaasError && (e.kind === 'refused' || e.kind === 'not_configured'))
      answer = { accepted: false, msg: e.message, orderNo: null };
    else problem = e instanceof Error ? e.message : String(e);
  }
  const at = nowSeconds();
  const d = inTransaction(db, () =>
    answer
      ? addEvent(
          db,
          orderId,
          { kind: 'request', action: 'OpenDoor', status: answer.accepted, msg: answer.msg },
          { accepted: answer.accepted, msg: answer.msg, orderNo: answer.orderNo },
          at,
          actorOf(caller),
        )
      : // No answer: the door may still open; the callbacks will tell (the token waits for them).
        addEvent(
          db,
          orderId,
          { kind: 'system', action: 'OpenDoor', status: null, msg: problem },
          {},
          at,
        ),
  );
  return { orderId, state: d!.state };
}

/** An operator settles an order with the items they chose, priced from the cabinet's goods. */
export function settleOrder(
  db: Db,
  caller: Caller,
  orderId: string,
  lines: { commodityId: string; count: number; meterType?: 1 | 2 }[],
) {
  const order = orderOrThrow(db, orderId);
  requireState(order, ['needs_review', 'closed'], 'settle it');
  const goods = cabinetGoodsOf(db, order.machineId);
  const items: Item[] = lines.map((l, i) => {
    const g =
      goods.find((x) => x.commodityId === l.commodityId && x.doorNo === order.doorNo) ??
      goods.find((x) => x.commodityId === l.commodityId);
    if (!g) throw new ApiError('UNPROCESSABLE', `items.${i}.commodityId: not sold in this cabinet`);
    // §3 does not say how a commodity is priced; the operator does (grams for weighed goods).
    const meterType = l.meterType ?? 1;
    return {
      id: g.commodityId,
      name: g.name,
      count: l.count,
      meterType,
      price: g.price,
      amount: lineAmount(meterType, l.count, g.price),
      pictureUrl: g.pictureUrl,
    };
  });
  return operatorAction(db, caller, order, 'settle', { items }, 'cabinet.settle');
}

export function cancelOrder(db: Db, caller: Caller, orderId: string, note: string) {
  const order = orderOrThrow(db, orderId);
  requireState(
    order,
    ['requested', 'opened', 'closed', 'needs_review', 'payment_failed'],
    'cancel it',
  );
  return operatorAction(db, caller, order, 'cancel', { note }, 'cabinet.cancel');
}

function operatorAction(
  db: Db,
  caller: Caller,
  order: CabinetOrderRow,
  action: string,
  detail: Record<string, unknown>,
  auditAction: string,
) {
  const now = nowSeconds();
  return inTransaction(db, () => {
    const d = addEvent(
      db,
      order.orderId,
      { kind: 'operator', action },
      detail,
      now,
      actorOf(caller),
    )!;
    audit(db, caller, {
      action: auditAction,
      targetKind: 'cabinet_order',
      targetId: order.orderId,
      before: { state: order.state },
      after: { state: d.state, ...detail },
    });
    return { orderId: order.orderId, state: d.state };
  });
}

export type PayKind = 'order' | 'deduction' | 'refund';
const PAY_TYPE = { order: 0, deduction: 1, refund: 2 } as const;

/**
 * Records a payment result and reports it with ReportPaymentResult (§10): the order itself
 * (PayType 0), a supplementary deduction (1) or a platform refund (2), named by `refNo` or the
 * latest one not yet reported. The result is ours whatever the report's fate; a report that did
 * not get through is marked so and can be sent again.
 */
export async function reportOrderPayment(
  db: Db,
  caller: Caller,
  orderId: string,
  input: { status: 'success' | 'failed'; message?: string; kind?: PayKind; refNo?: string },
) {
  const order = orderOrThrow(db, orderId);
  const kind = input.kind ?? 'order';
  const d = derive(order, eventsOf(db, [orderId]), nowSeconds());
  let refNo: string | null;
  if (kind === 'order') {
    requireState(order, ['recognised', 'settled', 'payment_failed'], 'report its payment');
    if (order.type !== 'buy') throw new ApiError('CONFLICT', `order ${orderId} is a restock`);
    refNo = d.orderNo;
  } else {
    const moves = kind === 'deduction' ? d.adjustments : d.refunds;
    const move = input.refNo
      ? moves.find((m) => m.refNo === input.refNo)
      : moves.filter((m) => m.refNo && m.reported === null).at(-1);
    if (!move?.refNo)
      throw new ApiError('CONFLICT', `order ${orderId} has no ${kind} order to report`);
    refNo = move.refNo;
  }
  if (!refNo) throw new ApiError('CONFLICT', `order ${orderId} has no SaasAPI order number yet`);
  const success = input.status === 'success';
  const payType = PAY_TYPE[kind];
  // For a refund, OrderId is our own refund number (§10).
  const reportId = kind === 'refund' ? `${orderId}-R-${refNo}` : orderId;
  let report: { ok: boolean; message: string };
  try {
    report = await saasClient().reportPayment({
      orderId: reportId,
      orderNo: refNo,
      payType,
      success,
      errorMessage: success ? '' : (input.message ?? ''),
    });
  } catch (e) {
    report = { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  const now = nowSeconds();
  const detail = {
    payType,
    success,
    refNo,
    message: input.message ?? '',
    reported: report.ok,
    reportMessage: report.message,
  };
  return inTransaction(db, () => {
    const after = addEvent(
      db,
      orderId,
      { kind: 'payment', action: `payment:${kind}`, status: success, msg: input.message ?? null },
      detail,
      now,
      actorOf(caller),
    )!;
    audit(db, caller, {
      action: 'cabinet.payment',
      targetKind: 'cabinet_order',
      targetId: orderId,
      before: { state: order.state },
      after: { state: after.state, ...detail },
    });
    return { orderId, state: after.state, reported: report.ok, reportMessage: report.message };
  });
}

/** Records a refund the operator made; one the platform asked for (§11.7) is also reported. */
export async function recordRefund(
  db: Db,
  caller: Caller,
  orderId: string,
  input: { amount: number; note: string },
) {
  const order = orderOrThrow(db, orderId);
  requireState(order, ['paid', 'settled', 'recognised', 'refunded'], 'refund it');
  const d = derive(order, eventsOf(db, [orderId]), nowSeconds());
  const pending = d.refunds.filter((r) => r.refNo && r.reported === null).at(-1);
  if (pending?.refNo) {
    // The platform asked for this refund (§11.7): recording it is reporting its outcome.
    return reportOrderPayment(db, caller, orderId, {
      status: 'success',
      kind: 'refund',
      refNo: pending.refNo,
      message: input.note,
    });
  }
  if (input.amount > d.amount - d.refunded)
    throw new ApiError('UNPROCESSABLE', `amount: at most ${d.amount - d.refunded} can be refunded`);
  return operatorAction(
    db,
    caller,
    order,
    'refund',
    { amount: input.amount, note: input.note, refNo: null },
    'cabinet.refund',
  );
}

/** §7: confirms a recognised restock (possibly corrected lines) and keeps the stock it sets. */
export async function confirmRestock(
  db: Db,
  caller: Caller,
  orderId: string,
  lines?: {
    commodityId: string;
    layerNo: number;
    spotCount: number;
    stockCount: number;
    sno?: number;
  }[],
) {
  const order = orderOrThrow(db, orderId);
  if (order.type !== 'restock') throw new ApiError('CONFLICT', `order ${orderId} is not a restock`);
  requireState(order, ['recognised', 'settled'], 'confirm it');
  const d = derive(order, eventsOf(db, [orderId]), nowSeconds());
  if (!d.restock) throw new ApiError('CONFLICT', `order ${orderId} has no recognised restock`);
  const restock = d.restock;
  const chosen: RestockLine[] = lines
    ? lines.map((l, i) => {
        const known = restock.lines.find((x) => x.id === l.commodityId && x.layerNo === l.layerNo);
        return {
          ...(known ?? {
            id: l.commodityId,
            name: l.commodityId,
            count: l.spotCount,
            meterType: 1,
            price: 0,
            amount: 0,
            pictureUrl: null,
          }),
          layerNo: l.layerNo,
          spotCount: l.spotCount,
          stockCount: l.stockCount,
          sno: l.sno ?? known?.sno ?? i + 1,
        };
      })
    : restock.lines;
  let result: { ok: boolean; message: string };
  try {
    result = await saasClient().confirmRestock({
      machineId: order.machineId,
      transId: restock.transId,
      trackingId: restock.trackingId,
      doorNo: restock.doorNo,
      lines: chosen.map((l) => ({
        commodityId: l.id,
        layerNo: l.layerNo,
        spotCount: l.spotCount,
        stockCount: l.stockCount,
        sno: l.sno,
      })),
    });
  } catch (e) {
    upstream(e);
  }
  if (!result.ok) throw new ApiError('UNPROCESSABLE', `Repli/Confirm refused: ${result.message}`);
  const now = nowSeconds();
  const stock = new Map<string, number>();
  for (const l of chosen) stock.set(l.id, (stock.get(l.id) ?? 0) + l.stockCount);
  return inTransaction(db, () => {
    for (const [commodityId, count] of stock)
      setGoodsStock(
        db,
        { machineId: order.machineId, doorNo: restock.doorNo, commodityId },
        count,
        now,
      );
    const after = addEvent(
      db,
      orderId,
      { kind: 'operator', action: 'confirm_restock', status: true, msg: result.message },
      { lines: chosen },
      now,
      actorOf(caller),
    )!;
    audit(db, caller, {
      action: 'cabinet.confirm_restock',
      targetKind: 'cabinet_order',
      targetId: orderId,
      after: {
        lines: chosen.map((l) => ({
          commodityId: l.id,
          layerNo: l.layerNo,
          spotCount: l.spotCount,
          stockCount: l.stockCount,
        })),
      },
    });
    return { orderId, state: after.state };
  });
}

/** Exposed for the routes: the recompute of a single order (e.g. a stuck one) on read. */
export function refreshOrder(db: Db, orderId: string) {
  return inTransaction(db, () => recompute(db, orderId, nowSeconds()));
}

export { upstream as upstreamError };
