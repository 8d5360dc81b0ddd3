import { structureProblem } from '@/lib/ingest/push/body';
import { parseSaasJson } from '@/lib/platforms/saas/json';
import { decimalToMinor, lineAmount } from '@/lib/platforms/saas/money';
import * as s from '@/lib/platforms/saas/schemas';
import type { CallbackAction, Item, OrderEvent, RestockLine } from './state';
import type { UnreadableCause } from './unreadable';

/**
 * Reading a §11 callback body into an event of the state machine: camelCase and PascalCase
 * alike (schemas.normaliseKeys), `ClosedDoor` and `CloseDoor` alike, Data as text, an object
 * or that object as JSON text, ids as text whatever their JSON type, prices converted exactly
 * into minor units of the order's currency. What cannot be read is not refused: it is kept
 * and puts the order up for review (docs/decisions.md D73).
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

const KNOWN = new Set<string>(Object.values(ACTIONS));
/** One of the actions we know (a bounded set, for the metrics' labels). */
export const isCallbackAction = (action: string): action is CallbackAction => KNOWN.has(action);

export function canonicalAction(action: string): CallbackAction | string {
  return ACTIONS[action.toLowerCase()] ?? action;
}

export type ParsedCallback =
  | { ok: true; callback: s.Callback }
  | {
      ok: false;
      cause: UnreadableCause;
      code: 'BODY_TOO_COMPLEX' | 'INVALID_FIELD';
      error: string;
    };

/**
 * A body nested too deep or too wide is not parsed: reading its keys (normaliseKeys) and its
 * shape (zod) both recurse (D62). Numbers are read without losing digits (lib/platforms/saas/json.ts).
 */
export function parseCallback(body: string): ParsedCallback {
  const problem = structureProblem(body);
  if (problem) return { ok: false, cause: 'too_complex', code: 'BODY_TOO_COMPLEX', error: problem };
  let json: unknown;
  try {
    json = parseSaasJson(body);
  } catch {
    return { ok: false, cause: 'not_json', code: 'INVALID_FIELD', error: 'the body is not JSON' };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return {
      ok: false,
      cause: 'not_object',
      code: 'INVALID_FIELD',
      error: 'the body is not a JSON object',
    };
  const parsed = s.callback.safeParse(s.normaliseKeys(json));
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const path = i?.path.join('.') || 'body';
    return {
      ok: false,
      cause: path === 'action' ? 'no_action' : 'bad_member',
      code: 'INVALID_FIELD',
      error: `${path}: ${i?.message}`,
    };
  }
  return { ok: true, callback: parsed.data };
}

/** A price that does not read as a decimal of the currency is missing, not zero. */
function toItem(l: s.ProductLine, currency: string | null): Item | null {
  const price =
    l.price === null || l.price === undefined ? undefined : decimalToMinor(l.price, currency);
  if (price === undefined) return null;
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

function toRestockLine(item: Item, l: s.ProductLine): RestockLine {
  return {
    ...item,
    layerNo: l.layerNo ?? 0,
    spotCount: l.spotCount ?? l.buyCount,
    stockCount: l.stockCount ?? 0,
    sno: l.sno ?? 0,
  };
}

type CallbackEvent = Extract<OrderEvent, { kind: 'callback' }>;

/** The events whose Data carries the bill: without it, what was taken or paid is unknown. */
const NEEDS_DATA: readonly string[] = [
  'OrderDetected',
  'OrderSettlement',
  'OrderAdjustment',
  'OrderRefund',
];

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
  if (c.timestamp !== null) e.sentAt = c.timestamp;
  // A failed recognition (Status=false) says so in Msg and carries no result.
  const needsData = NEEDS_DATA.includes(action) && (action !== 'OrderDetected' || c.status);
  if (!needsData) return e;
  const problem = (cause: UnreadableCause) => {
    e.problem = cause;
    return e;
  };
  if (c.data.kind === 'none') return problem('no_data');
  if (c.data.kind !== 'object') return problem('bad_data');
  const data = c.data.value;
  const lines = (list: s.ProductLine[]) => {
    const items = list.map((l) => toItem(l, currency));
    if (items.some((i) => i === null)) e.problem = 'no_price';
    return items.filter((i): i is Item => i !== null);
  };
  if (action === 'OrderDetected' || action === 'OrderSettlement') {
    const d = s.detection.safeParse(data);
    if (!d.success) return problem('bad_data');
    e.mode = d.data.tradeProcessMode;
    const models = d.data.tradeProductModels;
    // A normal result with no product list at all is a result we did not get.
    if (!models && e.mode === 0) return problem('no_data');
    e.items = lines(models ?? []);
    if (d.data.transId && d.data.trackingId) {
      const restock = (models ?? []).flatMap((l) => {
        const item = toItem(l, currency);
        return item ? [toRestockLine(item, l)] : [];
      });
      e.restock = {
        transId: d.data.transId,
        trackingId: d.data.trackingId,
        doorNo: d.data.doorNo ?? 0,
        lines: restock,
      };
    }
  } else if (action === 'OrderAdjustment') {
    const d = s.adjustmentData.safeParse(data);
    if (!d.success) return problem('bad_data');
    e.refNo = d.data.orderNo ?? null;
    if (!d.data.orderProducts) return problem('no_data');
    e.items = lines(d.data.orderProducts);
  } else {
    const d = s.refundData.safeParse(data);
    if (!d.success) return problem('bad_data');
    e.refNo = d.data.refundOrderNo ?? null;
    if (d.data.refundRemark) e.msg = d.data.refundRemark;
    if (!d.data.orderRefundProducts) return problem('no_data');
    e.items = lines(d.data.orderRefundProducts);
  }
  return e;
}
