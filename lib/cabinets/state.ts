import type { CabinetOrderState, CabinetOrderType } from '@/db/schema/cabinets';
import type { UnreadableCause } from './unreadable';

/**
 * An order's state as a pure function of what happened to it (docs/decisions.md D40). Every
 * fact only ever adds (the door opened, it closed, recognition said …), so the answer does not
 * depend on the order in which callbacks arrived: a ClosedDoor before its OpenedDoor, or the
 * same callback twice, give the same state.
 */
export interface Item {
  id: string;
  name: string;
  /** Pieces (meterType 1) or grams (meterType 2). */
  count: number;
  meterType: number;
  /** Unit price (per piece, or per kilogram), minor units. */
  price: number;
  amount: number;
  pictureUrl: string | null;
}

export interface RestockLine extends Item {
  layerNo: number;
  spotCount: number;
  stockCount: number;
  sno: number;
}

export type CallbackAction =
  | 'OpenedDoor'
  | 'ClosedDoor'
  | 'Cancel'
  | 'OrderDetected'
  | 'OrderSettlement'
  | 'OrderAdjustment'
  | 'OrderRefund';

export type OrderEvent = { at: number; seq: number } & (
  | { kind: 'request'; accepted: boolean; msg: string; orderNo: string | null }
  | {
      kind: 'callback';
      action: CallbackAction | string;
      status: boolean;
      msg: string;
      orderNo: string | null;
      /** OrderDetected / OrderSettlement: TradeProcessMode. */
      mode?: number;
      items?: Item[];
      /** OrderAdjustment / OrderRefund: the deduction or refund order number. */
      refNo?: string | null;
      restock?: { transId: string; trackingId: string; doorNo: number; lines: RestockLine[] };
      /** The platform's own time of the callback (`timestamp`), epoch seconds. */
      sentAt?: number;
      /** What its Data lacked (D73): the order waits for an operator. */
      problem?: UnreadableCause;
    }
  /** A callback body we could not read at all, kept as it came (D62, D73). */
  | { kind: 'unreadable'; cause: UnreadableCause }
  | { kind: 'operator'; action: 'settle'; items: Item[] }
  | { kind: 'operator'; action: 'cancel'; note: string }
  | { kind: 'operator'; action: 'refund'; amount: number; note: string; refNo: string | null }
  | { kind: 'operator'; action: 'confirm_restock'; lines: RestockLine[] }
  | { kind: 'payment'; payType: 0 | 1 | 2; success: boolean; refNo: string; message: string }
);

export type ReviewKind =
  'interrupted' | 'recognition_failed' | 'stuck' | 'payment_failed' | 'unreadable';

export interface MoneyMove {
  refNo: string | null;
  amount: number;
  items: Item[];
  at: number;
  note: string;
  /** The payment report we made for it, if any. */
  reported: boolean | null;
}

export interface Derived {
  state: CabinetOrderState;
  orderNo: string | null;
  items: Item[];
  /** Items plus supplementary deductions, minor units. */
  amount: number;
  refunded: number;
  reviewKind: ReviewKind | null;
  /** The platform's words (§11.4 Msg, Cancel Msg) or null. */
  reviewReason: string | null;
  /** reviewKind 'unreadable': why, and the callback's action when it was read. */
  reviewCause: { cause: UnreadableCause; action: string | null } | null;
  cancelReason: string | null;
  openedAt: number | null;
  closedAt: number | null;
  adjustments: MoneyMove[];
  refunds: MoneyMove[];
  restock: {
    transId: string;
    trackingId: string;
    doorNo: number;
    lines: RestockLine[];
    confirmed: RestockLine[] | null;
  } | null;
}

export interface DeriveOptions {
  type: CabinetOrderType;
  now: number;
  /** A door closed this long with no recognition is stuck: it needs review. */
  stuckAfterSeconds: number;
}

const sum = (items: { amount: number }[]) => items.reduce((s, i) => s + i.amount, 0);
const byTime = (a: OrderEvent, b: OrderEvent) => a.at - b.at || a.seq - b.seq;

export function deriveOrder(events: readonly OrderEvent[], o: DeriveOptions): Derived {
  const list = [...events].sort(byTime);
  const callbacks = list.filter((e) => e.kind === 'callback');
  const has = (action: string) => callbacks.filter((e) => e.action === action);
  const request = list.find((e) => e.kind === 'request');
  const orderNo =
    (request?.kind === 'request' ? request.orderNo : null) ??
    callbacks.find((c) => c.orderNo)?.orderNo ??
    null;

  const closes = has('ClosedDoor');
  const closedAt = closes.length ? Math.min(...closes.map((e) => e.at)) : null;
  const opens = has('OpenedDoor');
  // A close implies an open, whichever arrived first.
  const openedAt = opens.length
    ? Math.min(...opens.map((e) => e.at), closedAt ?? Infinity)
    : closedAt;
  const cancel = has('Cancel')[0] ?? null;
  // The first recognition is the platform's answer; a repeat with other content is kept raw.
  const detection = has('OrderDetected')[0] ?? null;

  // What settles the bill: the platform's manual settlement or an operator's, or an operator's
  // cancellation; the latest of them wins.
  const resolutions = list.filter(
    (e) =>
      (e.kind === 'callback' && e.action === 'OrderSettlement') ||
      (e.kind === 'operator' && (e.action === 'settle' || e.action === 'cancel')),
  );
  const resolution = resolutions.at(-1) ?? null;

  const adjustments: MoneyMove[] = [];
  const refunds: MoneyMove[] = [];
  const payments = list.filter((e) => e.kind === 'payment');
  const reportFor = (payType: 1 | 2, refNo: string | null) => {
    const p = payments.filter((x) => x.payType === payType && x.refNo === refNo).at(-1);
    return p ? p.success : null;
  };
  for (const c of has('OrderAdjustment')) {
    const items = c.items ?? [];
    adjustments.push({
      refNo: c.refNo ?? null,
      amount: sum(items),
      items,
      at: c.at,
      note: c.msg,
      reported: reportFor(1, c.refNo ?? null),
    });
  }
  for (const c of has('OrderRefund')) {
    const items = c.items ?? [];
    refunds.push({
      refNo: c.refNo ?? null,
      amount: sum(items),
      items,
      at: c.at,
      note: c.msg,
      reported: reportFor(2, c.refNo ?? null),
    });
  }
  for (const e of list) {
    if (e.kind !== 'operator' || e.action !== 'refund') continue;
    // An operator's refund of a platform refund order is that refund's outcome, not another one.
    if (e.refNo && refunds.some((r) => r.refNo === e.refNo)) continue;
    refunds.push({
      refNo: null,
      amount: e.amount,
      items: [],
      at: e.at,
      note: e.note,
      reported: null,
    });
  }

  let items: Item[] = [];
  if (resolution?.kind === 'operator' && resolution.action === 'settle') items = resolution.items;
  else if (resolution?.kind === 'callback') items = resolution.items ?? [];
  else if (detection?.status && detection.mode === 0 && o.type === 'buy')
    items = detection.items ?? [];

  const restockDetected = o.type === 'restock' && detection?.restock ? detection.restock : null;
  const confirm = list
    .filter((e) => e.kind === 'operator' && e.action === 'confirm_restock')
    .at(-1);
  const restock = restockDetected
    ? {
        ...restockDetected,
        confirmed:
          confirm?.kind === 'operator' && confirm.action === 'confirm_restock'
            ? confirm.lines
            : null,
      }
    : null;

  const lastOrderPayment = payments.filter((p) => p.payType === 0).at(-1);
  let state: CabinetOrderState;
  let reviewKind: ReviewKind | null = null;
  let reviewReason: string | null = null;
  let cancelReason: string | null = null;

  if (refunds.length) state = 'refunded';
  else if (lastOrderPayment) {
    state = lastOrderPayment.success ? 'paid' : 'payment_failed';
    if (!lastOrderPayment.success) {
      reviewKind = 'payment_failed';
      reviewReason = lastOrderPayment.message || null;
    }
  } else if (resolution?.kind === 'operator' && resolution.action === 'cancel') {
    state = 'cancelled';
    cancelReason = resolution.note || null;
  } else if (resolution) {
    state = resolution.kind === 'callback' && resolution.mode === 1 ? 'cancelled' : 'settled';
  } else if (confirm && o.type === 'restock') state = 'settled';
  else if (cancel) {
    state = 'cancelled';
    cancelReason = cancel.msg || null;
  } else if (request?.kind === 'request' && !request.accepted) {
    state = 'cancelled';
    cancelReason = request.msg || null;
  } else if (detection) {
    if (!detection.status) {
      state = 'needs_review';
      reviewKind = 'recognition_failed';
      reviewReason = detection.msg || null;
    } else if (o.type === 'restock' || detection.mode === 0) state = 'recognised';
    else if (detection.mode === 1) {
      state = 'cancelled';
      cancelReason = detection.msg || null;
    } else {
      state = 'needs_review';
      reviewKind = 'interrupted';
      reviewReason = detection.msg || null;
    }
  } else if (closedAt !== null) {
    if (o.now - closedAt >= o.stuckAfterSeconds) {
      state = 'needs_review';
      reviewKind = 'stuck';
    } else state = 'closed';
  } else if (openedAt !== null) state = 'opened';
  else state = 'requested';

  // A callback we could not read in full may hide any fact (a settlement, a refund): the order
  // waits for an operator until one acts after it, whatever it looked like before (D73).
  const problem = list
    .filter((e) => e.kind === 'unreadable' || (e.kind === 'callback' && e.problem))
    .at(-1);
  let reviewCause: Derived['reviewCause'] = null;
  if (problem) {
    const resolved = list.some(
      (e) => (e.kind === 'operator' || e.kind === 'payment') && byTime(e, problem) > 0,
    );
    const cause =
      problem.kind === 'unreadable'
        ? { cause: problem.cause, action: null }
        : problem.kind === 'callback'
          ? { cause: problem.problem!, action: problem.action }
          : null;
    if (!resolved) {
      state = 'needs_review';
      reviewKind = 'unreadable';
      reviewReason = null;
    }
    reviewCause = cause;
  }

  // Why it needed review stays on the order after an operator resolved it.
  if (!reviewKind && detection && o.type === 'buy' && (!detection.status || detection.mode === 2)) {
    reviewKind = detection.status ? 'interrupted' : 'recognition_failed';
    reviewReason = detection.msg || null;
  } else if (!reviewKind && !detection && closedAt !== null && resolution) {
    if (resolution.at - closedAt >= o.stuckAfterSeconds) reviewKind = 'stuck';
  }
  if (!reviewKind && reviewCause) reviewKind = 'unreadable';
  if (reviewKind !== 'unreadable') reviewCause = null;

  return {
    state,
    orderNo,
    items,
    amount: sum(items) + sum(adjustments),
    refunded: sum(refunds),
    reviewKind,
    reviewReason,
    reviewCause,
    cancelReason,
    openedAt,
    closedAt,
    adjustments,
    refunds,
    restock,
  };
}

/** States in which an operator may still settle or cancel the order. */
export const OPEN_FOR_REVIEW: readonly CabinetOrderState[] = ['needs_review', 'closed', 'opened'];
