import { structureProblem } from '@/lib/notify/body';
import { decimalToMinor, lineAmount } from '@/lib/saas/money';
import * as s from '@/lib/saas/schemas';
import type { CallbackAction, Item, OrderEvent, RestockLine } from './state';

/**
 * Reading a §11 callback body into an event of the state machine: camelCase and PascalCase
 * alike (schemas.normaliseKeys), `ClosedDoor` and `CloseDoor` alike, Data as an object or as
 * JSON text, prices converted exactly into minor units of the order's currency.
 */
const ACTIONS: Record<string, CallbackAction> = {
  openeddoor: 'OpenedDoor',
  opendoor: 'OpenedDoor',
  closeddoor: 'ClosedDoor',
  closedoor: 'ClosedDoor',
  cancel: 'Cancel',
  orderdetected: 'OrderDetected',
  ordersettlement: 'OrderSettlement',
  orderadjustment: 'OrderAdjustment',
  orderrefund: 'OrderRefund',
};

export function canonicalAction(action: string): CallbackAction | string {
  return ACTIONS[action.toLowerCase()] ?? action;
}

export type ParsedCallback =
  | { ok: true; callback: s.Callback }
  | { ok: false; code: 'BODY_TOO_COMPLEX' | 'INVALID_FIELD'; error: string };

/**
 * A body nested too deep or too wide is refused before it is parsed: reading its keys
 * (normaliseKeys) and its shape (zod) both recurse (docs/decisions.md D62).
 */
export function parseCallback(body: string): ParsedCallback {
  const problem = structureProblem(body);
  if (problem) return { ok: false, code: 'BODY_TOO_COMPLEX', error: problem };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, code: 'INVALID_FIELD', error: 'the body is not valid JSON' };
  }
  const parsed = s.callback.safeParse(s.normaliseKeys(json));
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return {
      ok: false,
      code: 'INVALID_FIELD',
      error: `${i?.path.join('.') || 'body'}: ${i?.message}`,
    };
  }
  return { ok: true, callback: parsed.data };
}

function toItem(l: s.ProductLine, currency: string | null): Item {
  const price = decimalToMinor(l.price ?? 0, currency) ?? 0;
  return {
    id: l.id ?? '',
    name: l.alisName ?? '',
    count: l.buyCount,
    meterType: l.meterType,
    price,
    amount: lineAmount(l.meterType, l.buyCount, price),
    pictureUrl: l.pictureUrl ?? null,
  };
}

function toRestockLine(l: s.ProductLine, currency: string | null): RestockLine {
  return {
    ...toItem(l, currency),
    layerNo: l.layerNo ?? 0,
    spotCount: l.spotCount ?? l.buyCount,
    stockCount: l.stockCount ?? 0,
    sno: l.sno ?? 0,
  };
}

type CallbackEvent = Extract<OrderEvent, { kind: 'callback' }>;

export function callbackEvent(
  c: s.Callback,
  currency: string | null,
  at: number,
  seq: number,
): CallbackEvent {
  const action = canonicalAction(c.action);
  const e: CallbackEvent = {
    kind: 'callback',
    action,
    status: c.status,
    msg: c.msg ?? '',
    orderNo: c.orderNo || null,
    at,
    seq,
  };
  const data = c.data;
  if (!data) return e;
  if (action === 'OrderDetected' || action === 'OrderSettlement') {
    const d = s.detection.safeParse(data);
    if (!d.success) return e;
    e.mode = d.data.tradeProcessMode;
    const lines = d.data.tradeProductModels ?? [];
    e.items = lines.map((l) => toItem(l, currency));
    if (d.data.transId && d.data.trackingId) {
      e.restock = {
        transId: d.data.transId,
        trackingId: d.data.trackingId,
        doorNo: d.data.doorNo ?? 0,
        lines: lines.map((l) => toRestockLine(l, currency)),
      };
    }
  } else if (action === 'OrderAdjustment') {
    const d = s.adjustmentData.safeParse(data);
    if (d.success) {
      e.refNo = d.data.orderNo ?? null;
      e.items = (d.data.orderProducts ?? []).map((l) => toItem(l, currency));
    }
  } else if (action === 'OrderRefund') {
    const d = s.refundData.safeParse(data);
    if (d.success) {
      e.refNo = d.data.refundOrderNo ?? null;
      e.items = (d.data.orderRefundProducts ?? []).map((l) => toItem(l, currency));
      if (d.data.refundRemark) e.msg = d.data.refundRemark;
    }
  }
  return e;
}
