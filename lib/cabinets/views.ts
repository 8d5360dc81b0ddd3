import 'server-only';
import type {
  CabinetEventRow,
  CabinetGoodsRow,
  CabinetOrderRow,
  getCabinet,
} from '@/db/queries/cabinets';
import { derive } from './orders';
import { callbackEvent, parseCallback } from './callbacks';
import type { Item } from './state';
import { readUnreadableMsg, type UnreadableCause } from './unreadable';

/** The file name of a product picture: what the timeline shows beside each item. */
export function pictureName(url: string | null): string | null {
  if (!url) return null;
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || null;
  } catch {
    return url.split('/').pop() || null;
  }
}

const itemView = <T extends Item>(i: T) => ({ ...i, pictureName: pictureName(i.pictureUrl) });

function eventView(e: CabinetEventRow, currency: string | null) {
  let items: (Item & { pictureName: string | null })[] | undefined;
  let detail: Record<string, unknown> | undefined;
  let msg = e.msg;
  /** What could not be read of it (D73). */
  let cause: UnreadableCause | null = null;
  /** The platform's own time of a callback, when it gave one. */
  let sentAt: number | null = null;
  if (e.kind === 'callback') {
    const parsed = parseCallback(e.body);
    if (parsed.ok) {
      const ev = callbackEvent(parsed.callback, currency, e.at, e.id);
      items = (ev.restock?.lines ?? ev.items)?.map(itemView);
      if (ev.mode !== undefined || ev.refNo) detail = { mode: ev.mode, refNo: ev.refNo };
      cause = ev.problem ?? null;
      sentAt = ev.sentAt ?? null;
    } else cause = parsed.cause;
  } else if (e.kind === 'system' && e.action === 'unreadable') {
    const u = readUnreadableMsg(e.msg);
    cause = u.cause;
    msg = u.error;
  } else if (e.kind !== 'system') {
    detail = JSON.parse(e.body) as Record<string, unknown>;
    const list = (detail.items ?? detail.lines) as Item[] | undefined;
    if (list) items = list.map(itemView);
  }
  return {
    id: e.id,
    kind: e.kind,
    action: e.action,
    at: e.at,
    status: e.status,
    msg,
    actor: e.actor,
    items,
    detail,
    cause,
    sentAt,
    /** Callbacks: the body exactly as received. */
    raw: e.kind === 'callback' || e.kind === 'system' ? e.body : undefined,
  };
}

/** The API's order: derived state, items, money and the timeline of events. */
export function cabinetOrderView(
  order: CabinetOrderRow,
  machineName: string | null,
  events: CabinetEventRow[],
  now: number,
) {
  const d = derive(order, events, now);
  return {
    orderId: order.orderId,
    orderNo: d.orderNo,
    machineId: order.machineId,
    machineName,
    doorNo: order.doorNo,
    type: order.type,
    state: d.state,
    items: d.items.map(itemView),
    amount: d.amount,
    refunded: d.refunded,
    currency: order.currency,
    reviewKind: d.reviewKind,
    reviewReason: d.reviewReason,
    reviewCause: d.reviewCause,
    cancelReason: d.cancelReason,
    customerDetails: order.customerDetails,
    createdAt: order.createdAt,
    createdBy: order.createdBy,
    openedAt: d.openedAt,
    closedAt: d.closedAt,
    adjustments: d.adjustments,
    refunds: d.refunds,
    restock: d.restock && {
      ...d.restock,
      lines: d.restock.lines.map(itemView),
    },
    events: events.map((e) => eventView(e, order.currency)),
  };
}

export type CabinetOrderView = Awaited<ReturnType<typeof cabinetOrderView>>;

/** A cabinet: §2 status, §4 payment configuration, §3 goods with our stock per door. */
export function cabinetView(
  c: NonNullable<Awaited<ReturnType<typeof getCabinet>>>,
  goods: CabinetGoodsRow[],
) {
  const doors = [...new Set(goods.map((g) => g.doorNo))].sort((a, b) => a - b);
  return {
    ...c,
    doors: doors.length ? doors : [0],
    goods: goods
      .filter((g) => g.listed)
      .map((g) => ({
        doorNo: g.doorNo,
        commodityId: g.commodityId,
        name: g.name,
        sku: g.sku,
        weight: g.weight,
        price: g.price,
        pictureUrl: g.pictureUrl,
        pictureName: pictureName(g.pictureUrl),
        stock: g.stock,
        stockUpdatedAt: g.stockUpdatedAt,
      })),
  };
}

export type CabinetView = Awaited<ReturnType<typeof cabinetView>>;
