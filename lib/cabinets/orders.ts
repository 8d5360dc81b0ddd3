import 'server-only';
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Db, DbOrTx } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import {
  eventsOf,
  getCabinetOrder,
  insertCabinetEvent,
  takeGoodsStock,
  updateCabinetOrder,
  type CabinetEventRow,
  type CabinetOrderRow,
} from '@/db/queries/cabinets';
import type { CabinetEventKind } from '@/db/schema';
import { getConfig } from '@/lib/config';
import { decodeBody, type RawBody } from '@/lib/ingest/push/body';
import { callbackEvent, canonicalAction, isCallbackAction, parseCallback } from './callbacks';
import { deriveOrder, type Derived, type OrderEvent } from './state';
import { readUnreadableMsg, unreadableMsg, type UnreadableCause } from './unreadable';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Our OrderId: CO, epoch seconds, six random digits (unique enough, and readable). */
export function newOrderId(now: number) {
  return `CO${now}${randomInt(100_000, 1_000_000)}`;
}

/** The per-order secret in the NotifyUrl: callbacks carry no signature (PROTOCOL.md). */
export function newCallbackToken() {
  return randomBytes(24).toString('base64url');
}

export function notifyUrl(base: string, orderId: string, token: string) {
  return `${base.replace(/\/+$/, '')}/api/saas/callback/${encodeURIComponent(orderId)}/${token}`;
}

export function tokenMatches(order: CabinetOrderRow, token: string): boolean {
  const want = Buffer.from(order.tokenHash, 'hex');
  const got = Buffer.from(sha256(token), 'hex');
  return want.length === got.length && timingSafeEqual(want, got);
}

/** How far before its order a callback's own time may be and still be believed. */
const CLOCK_SLACK_SECONDS = 300;

/**
 * A callback happened when the platform says (its `timestamp`) if that is believable: not
 * after we received it, not well before the order existed. Else when it arrived (D73).
 */
export function eventTime(sentAt: number | undefined, receivedAt: number, createdAt: number) {
  if (sentAt === undefined || sentAt > receivedAt || sentAt < createdAt - CLOCK_SLACK_SECONDS)
    return receivedAt;
  return sentAt;
}

/** Stored events back into the state machine's input. */
export function toOrderEvents(
  rows: CabinetEventRow[],
  order: Pick<CabinetOrderRow, 'currency' | 'createdAt'>,
): OrderEvent[] {
  const out: OrderEvent[] = [];
  for (const r of rows) {
    const base = { at: r.at, seq: r.id };
    if (r.kind === 'callback') {
      const parsed = parseCallback(r.body);
      if (parsed.ok) {
        const e = callbackEvent(parsed.callback, order.currency, r.at, r.id);
        e.at = eventTime(e.sentAt, r.at, order.createdAt);
        out.push(e);
      } else {
        // Kept as a callback by an earlier reader that took what this one cannot.
        out.push({ kind: 'unreadable', cause: parsed.cause, ...base });
      }
    } else if (r.kind === 'system' && r.action === 'unreadable') {
      out.push({ kind: 'unreadable', cause: readUnreadableMsg(r.msg).cause, ...base });
    } else if (r.kind === 'request' || r.kind === 'operator' || r.kind === 'payment') {
      out.push({ ...(JSON.parse(r.body) as object), kind: r.kind, ...base } as OrderEvent);
    }
  }
  return out;
}

export function derive(order: CabinetOrderRow, rows: CabinetEventRow[], now: number): Derived {
  return deriveOrder(toOrderEvents(rows, order), {
    type: order.type,
    now,
    stuckAfterSeconds: getConfig().CABINET_STUCK_SECONDS,
  });
}

const SOLD: readonly string[] = ['recognised', 'settled', 'paid', 'payment_failed'];

/** Stores the derived state; takes a recognised sale off stock once. Inside a transaction. */
export async function recompute(
  db: DbOrTx,
  orderId: string,
  now: number,
): Promise<Derived | undefined> {
  const order = await getCabinetOrder(db, orderId);
  if (!order) return undefined;
  const d = derive(order, await eventsOf(db, [orderId]), now);
  const set: Partial<CabinetOrderRow> = {
    state: d.state,
    amount: d.amount,
    orderNo: d.orderNo,
    closedAt: d.closedAt,
    reviewReason: d.reviewReason,
    updatedAt: now,
  };
  if (order.type === 'buy' && !order.stockAppliedAt && SOLD.includes(d.state) && d.items.length) {
    for (const item of d.items) {
      // Goods sold by weight report grams, not pieces: their count stays as last confirmed.
      if (item.meterType !== 1) continue;
      const key = { machineId: order.machineId, doorNo: order.doorNo, commodityId: item.id };
      await takeGoodsStock(db, key, item.count, now);
    }
    set.stockAppliedAt = now;
  }
  await updateCabinetOrder(db, orderId, set);
  return d;
}

/** Adds one of our own events (request answer, operator action, payment) and recomputes. */
export async function addEvent(
  db: DbOrTx,
  orderId: string,
  e: { kind: CabinetEventKind; action: string; status?: boolean | null; msg?: string | null },
  detail: Record<string, unknown>,
  now: number,
  actor: string | null = null,
) {
  const body = JSON.stringify({ action: e.action, ...detail });
  await insertCabinetEvent(db, {
    orderId,
    kind: e.kind,
    action: e.action,
    status: e.status ?? null,
    msg: e.msg ?? null,
    at: now,
    body,
    // Our own events are never "the same message again": each is its own fact.
    bodyHash: sha256(`${now}|${randomBytes(8).toString('hex')}|${body}`),
    actor,
  });
  return recompute(db, orderId, now);
}

export type CallbackAnswer = {
  status: number;
  body: Record<string, unknown>;
  /** For the metrics (D90): the action, `unreadable`, `other` (unknown name) or `refused`. */
  action: string;
};

/**
 * A §11 callback: authenticated by the order's token, kept raw exactly once (a redelivery is
 * answered SUCCESS and changes nothing), then the order's state derived again. One short
 * transaction. With the right token every body is answered SUCCESS, whatever members it lacks:
 * the platform may not deliver again what we refuse. A body we cannot read (not UTF-8, nested
 * too deep, not JSON, no Action, for another order) is kept on the order as an `unreadable`
 * event with its cause and puts the order up for review (D62, D73); the answer says so.
 */
export async function receiveCallback(
  db: Db,
  orderId: string,
  token: string,
  raw: RawBody,
  now: number,
): Promise<CallbackAnswer> {
  return await inTransaction(db, async () => {
    const order = await getCabinetOrder(db, orderId);
    if (!order || !tokenMatches(order, token))
      return {
        status: 401,
        action: 'refused',
        body: {
          result: 'FAIL',
          errorCode: 'TOKEN_INVALID',
          message: 'unknown order or wrong callback token',
        },
      };
    const decoded = decodeBody(raw);
    const body = decoded.text;
    const parsed = decoded.ok
      ? parseCallback(body)
      : ({ ok: false, cause: 'not_utf8', code: 'INVALID_ENCODING', error: decoded.why } as const);
    const bodyHash = sha256(body);
    const unreadable = async (cause: UnreadableCause, errorCode: string, message: string) => {
      const added = await insertCabinetEvent(db, {
        orderId,
        kind: 'system',
        action: 'unreadable',
        msg: unreadableMsg(cause, message),
        at: now,
        body,
        bodyHash,
      });
      if (added) await recompute(db, orderId, now);
      return {
        status: 200,
        action: 'unreadable',
        body: { result: 'SUCCESS', unreadable: { errorCode, message } },
      };
    };
    if (!parsed.ok) return unreadable(parsed.cause, parsed.code, parsed.error);
    const c = parsed.callback;
    if (c.orderId && c.orderId !== orderId)
      return unreadable(
        'other_order',
        'INVALID_FIELD',
        `OrderId ${c.orderId} is not this callback's order`,
      );
    const action = canonicalAction(c.action);
    const added = await insertCabinetEvent(db, {
      orderId,
      kind: 'callback',
      action,
      status: c.status,
      msg: c.msg ?? null,
      at: now,
      body,
      bodyHash,
    });
    if (added) await recompute(db, orderId, now);
    const known = isCallbackAction(action);
    return { status: 200, action: known ? action : 'other', body: { result: 'SUCCESS' } };
  });
}
