import 'server-only';
import type { Db } from '@/db/client';
import {
  eventsOf,
  getCabinetOrder,
  listCabinetOrders,
  machineNameOf,
  type CabinetOrderListParams,
} from '@/db/queries/cabinets';
import { sweepStuck } from './sync';
import { cabinetOrderView } from './views';

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A page of orders with their timelines (one query for all the page's events). */
export async function cabinetOrdersPage(
  db: Db,
  p: Omit<CabinetOrderListParams, 'cursor'> & { cursor?: string },
) {
  await sweepStuck(db);
  const [createdAt, orderId] = p.cursor ? p.cursor.split('.') : [];
  const { rows, more } = await listCabinetOrders(db, {
    ...p,
    cursor: p.cursor ? { createdAt: Number(createdAt), orderId: orderId! } : undefined,
  });
  const events = await eventsOf(
    db,
    rows.map((r) => r.order.orderId),
  );
  const now = nowSeconds();
  const items = rows.map((r) =>
    cabinetOrderView(
      r.order,
      r.machineName,
      events.filter((e) => e.orderId === r.order.orderId),
      now,
    ),
  );
  const last = rows.at(-1)?.order;
  return { items, nextCursor: more && last ? `${last.createdAt}.${last.orderId}` : null };
}

export async function cabinetOrderById(db: Db, orderId: string) {
  await sweepStuck(db);
  const order = await getCabinetOrder(db, orderId);
  if (!order) return undefined;
  const name = await machineNameOf(db, order.machineId);
  return cabinetOrderView(order, name, await eventsOf(db, [orderId]), nowSeconds());
}
