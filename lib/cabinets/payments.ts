import 'server-only';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { eventsOf } from '@/db/queries/cabinets';
import type { Caller } from '@/lib/edge/caller';
import { ApiError } from '@/lib/edge/errors';
import { audit } from '@/lib/admin/audit';
import { saasClient } from '@/lib/platforms/saas';
import { actorOf, nowSeconds, operatorAction, orderOrThrow, requireState } from './operator';
import { addEvent, derive } from './orders';

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
  const order = await orderOrThrow(db, orderId);
  const kind = input.kind ?? 'order';
  const d = derive(order, await eventsOf(db, [orderId]), nowSeconds());
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
  return inTransaction(db, async () => {
    const after = (await addEvent(
      db,
      orderId,
      { kind: 'payment', action: `payment:${kind}`, status: success, msg: input.message ?? null },
      detail,
      now,
      actorOf(caller),
    ))!;
    await audit(db, caller, {
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
  const order = await orderOrThrow(db, orderId);
  requireState(order, ['paid', 'settled', 'recognised', 'refunded'], 'refund it');
  const d = derive(order, await eventsOf(db, [orderId]), nowSeconds());
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
