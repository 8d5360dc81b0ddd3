import 'server-only';
import { held, ready } from '../transaction';
import { and, asc, desc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import {
  cabinetGoods,
  cabinetOrderEvents,
  cabinetOrders,
  cabinets,
  machines,
  type CabinetOrderState,
} from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/cabinets';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export type CabinetRow = typeof cabinets.$inferSelect;
export type CabinetGoodsRow = typeof cabinetGoods.$inferSelect;
export type CabinetOrderRow = typeof cabinetOrders.$inferSelect;
export type CabinetEventRow = typeof cabinetOrderEvents.$inferSelect;

export interface CabinetSnapshot {
  machineId: string;
  name: string | null;
  signal: number | null;
  temperature: string | null;
  runningState: number | null;
  currency: string | null;
  preAuthLimit: number | null;
  qrCodeUrl: string | null;
  goods: {
    doorNo: number;
    commodityId: string;
    name: string;
    sku: string | null;
    weight: number | null;
    price: number;
    pictureUrl: string | null;
  }[];
}

/** Writes one poll of a cabinet (§2, §3, §4): the machine row, its status, its goods. */
export async function saveCabinetSnapshot(db: DbOrTx, s: CabinetSnapshot, at: number) {
  if (isPg(db)) {
    await onPg.saveCabinetSnapshot(pgOf(db), s, at);
    return;
  }
  while (held(db)) await ready(db);
  db.insert(machines)
    .values({
      assetId: s.machineId,
      name: s.name,
      platform: 'saas',
      origin: 'pull',
      createdAt: at,
      updatedAt: at,
      lastSeenAt: at,
    })
    .onConflictDoUpdate({
      target: machines.assetId,
      set: { name: s.name, updatedAt: at, lastSeenAt: at },
    })
    .run();
  const status = {
    signal: s.signal,
    temperature: s.temperature,
    runningState: s.runningState,
    currency: s.currency,
    preAuthLimit: s.preAuthLimit,
    qrCodeUrl: s.qrCodeUrl,
    polledAt: at,
    pollError: null,
  };
  db.insert(cabinets)
    .values({ machineId: s.machineId, createdAt: at, ...status })
    .onConflictDoUpdate({ target: cabinets.machineId, set: status })
    .run();
  db.update(cabinetGoods)
    .set({ listed: false })
    .where(eq(cabinetGoods.machineId, s.machineId))
    .run();
  for (const g of s.goods) {
    const values = { ...g, listed: true, updatedAt: at };
    db.insert(cabinetGoods)
      .values({ machineId: s.machineId, ...values })
      .onConflictDoUpdate({
        target: [cabinetGoods.machineId, cabinetGoods.doorNo, cabinetGoods.commodityId],
        set: values,
      })
      .run();
  }
}

export async function recordPollError(db: DbOrTx, machineId: string, error: string, at: number) {
  if (isPg(db)) {
    await onPg.recordPollError(pgOf(db), machineId, error, at);
    return;
  }
  while (held(db)) await ready(db);
  db.update(cabinets)
    .set({ pollError: error, polledAt: at })
    .where(eq(cabinets.machineId, machineId))
    .run();
}

export async function listCabinets(db: DbOrTx) {
  if (isPg(db)) return onPg.listCabinets(pgOf(db));
  while (held(db)) await ready(db);
  return db
    .select({ ...cabinetColumns, name: machines.name })
    .from(cabinets)
    .innerJoin(machines, eq(machines.assetId, cabinets.machineId))
    .orderBy(asc(cabinets.machineId))
    .all();
}

const cabinetColumns = {
  machineId: cabinets.machineId,
  signal: cabinets.signal,
  temperature: cabinets.temperature,
  runningState: cabinets.runningState,
  currency: cabinets.currency,
  preAuthLimit: cabinets.preAuthLimit,
  qrCodeUrl: cabinets.qrCodeUrl,
  polledAt: cabinets.polledAt,
  pollError: cabinets.pollError,
};

export async function getCabinet(db: DbOrTx, machineId: string) {
  if (isPg(db)) return onPg.getCabinet(pgOf(db), machineId);
  while (held(db)) await ready(db);
  return db
    .select({ ...cabinetColumns, name: machines.name })
    .from(cabinets)
    .innerJoin(machines, eq(machines.assetId, cabinets.machineId))
    .where(eq(cabinets.machineId, machineId))
    .get();
}

export async function cabinetGoodsOf(db: DbOrTx, machineId: string) {
  if (isPg(db)) return onPg.cabinetGoodsOf(pgOf(db), machineId);
  while (held(db)) await ready(db);
  return db
    .select()
    .from(cabinetGoods)
    .where(eq(cabinetGoods.machineId, machineId))
    .orderBy(asc(cabinetGoods.doorNo), asc(cabinetGoods.name))
    .all();
}

/** Sets the stock of a commodity on a door (a restock confirmation's calibrated count). */
export async function setGoodsStock(
  db: DbOrTx,
  k: { machineId: string; doorNo: number; commodityId: string },
  stock: number,
  at: number,
) {
  if (isPg(db)) {
    await onPg.setGoodsStock(pgOf(db), k, stock, at);
    return;
  }
  while (held(db)) await ready(db);
  db.update(cabinetGoods)
    .set({ stock, stockUpdatedAt: at })
    .where(
      and(
        eq(cabinetGoods.machineId, k.machineId),
        eq(cabinetGoods.doorNo, k.doorNo),
        eq(cabinetGoods.commodityId, k.commodityId),
      ),
    )
    .run();
}

/** Takes sold pieces off a known stock (never below 0; unknown stock stays unknown). */
export async function takeGoodsStock(
  db: DbOrTx,
  k: { machineId: string; doorNo: number; commodityId: string },
  pieces: number,
  at: number,
) {
  if (isPg(db)) {
    await onPg.takeGoodsStock(pgOf(db), k, pieces, at);
    return;
  }
  while (held(db)) await ready(db);
  db.update(cabinetGoods)
    .set({ stock: sql`max(0, ${cabinetGoods.stock} - ${pieces})`, stockUpdatedAt: at })
    .where(
      and(
        eq(cabinetGoods.machineId, k.machineId),
        eq(cabinetGoods.doorNo, k.doorNo),
        eq(cabinetGoods.commodityId, k.commodityId),
      ),
    )
    .run();
}

export async function insertCabinetOrder(db: DbOrTx, row: typeof cabinetOrders.$inferInsert) {
  if (isPg(db)) {
    await onPg.insertCabinetOrder(pgOf(db), row);
    return;
  }
  while (held(db)) await ready(db);
  db.insert(cabinetOrders).values(row).run();
}

export async function getCabinetOrder(db: DbOrTx, orderId: string) {
  if (isPg(db)) return onPg.getCabinetOrder(pgOf(db), orderId);
  while (held(db)) await ready(db);
  return db.select().from(cabinetOrders).where(eq(cabinetOrders.orderId, orderId)).get();
}

export async function updateCabinetOrder(
  db: DbOrTx,
  orderId: string,
  set: Partial<typeof cabinetOrders.$inferInsert>,
) {
  if (isPg(db)) {
    await onPg.updateCabinetOrder(pgOf(db), orderId, set);
    return;
  }
  while (held(db)) await ready(db);
  db.update(cabinetOrders).set(set).where(eq(cabinetOrders.orderId, orderId)).run();
}

/** Adds an event unless the same body is already there; true when it was new. */
export async function insertCabinetEvent(
  db: DbOrTx,
  row: typeof cabinetOrderEvents.$inferInsert,
): Promise<boolean> {
  if (isPg(db)) return onPg.insertCabinetEvent(pgOf(db), row);
  while (held(db)) await ready(db);
  const r = db.insert(cabinetOrderEvents).values(row).onConflictDoNothing().run();
  return r.changes > 0;
}

export async function eventsOf(db: DbOrTx, orderIds: string[]): Promise<CabinetEventRow[]> {
  if (isPg(db)) return onPg.eventsOf(pgOf(db), orderIds);
  while (held(db)) await ready(db);
  if (!orderIds.length) return [];
  return db
    .select()
    .from(cabinetOrderEvents)
    .where(inArray(cabinetOrderEvents.orderId, orderIds))
    .orderBy(asc(cabinetOrderEvents.id))
    .all();
}

export interface CabinetOrderListParams {
  machineId?: string;
  states?: CabinetOrderState[];
  from?: number;
  to?: number;
  limit: number;
  /** createdAt|orderId of the last row of the previous page. */
  cursor?: { createdAt: number; orderId: string };
}

/** Orders newest first, cursor-paged. */
export async function listCabinetOrders(db: DbOrTx, p: CabinetOrderListParams) {
  if (isPg(db)) return onPg.listCabinetOrders(pgOf(db), p);
  while (held(db)) await ready(db);
  const rows = db
    .select({ order: cabinetOrders, machineName: machines.name })
    .from(cabinetOrders)
    .innerJoin(machines, eq(machines.assetId, cabinetOrders.machineId))
    .where(
      and(
        p.machineId ? eq(cabinetOrders.machineId, p.machineId) : undefined,
        p.states?.length ? inArray(cabinetOrders.state, p.states) : undefined,
        p.from !== undefined ? gte(cabinetOrders.createdAt, p.from) : undefined,
        p.to !== undefined ? lte(cabinetOrders.createdAt, p.to) : undefined,
        p.cursor
          ? sql`(${cabinetOrders.createdAt}, ${cabinetOrders.orderId}) < (${p.cursor.createdAt}, ${p.cursor.orderId})`
          : undefined,
      ),
    )
    .orderBy(desc(cabinetOrders.createdAt), desc(cabinetOrders.orderId))
    .limit(p.limit + 1)
    .all();
  const more = rows.length > p.limit;
  return { rows: more ? rows.slice(0, p.limit) : rows, more };
}

/** Orders whose door closed before `closedBefore` and that are still waiting for recognition. */
export async function closedOrdersBefore(db: DbOrTx, closedBefore: number) {
  if (isPg(db)) return onPg.closedOrdersBefore(pgOf(db), closedBefore);
  while (held(db)) await ready(db);
  return db
    .select({ orderId: cabinetOrders.orderId })
    .from(cabinetOrders)
    .where(and(eq(cabinetOrders.state, 'closed'), lt(cabinetOrders.closedAt, closedBefore)))
    .all()
    .map((r) => r.orderId);
}

export async function machineNameOf(db: DbOrTx, assetId: string): Promise<string | null> {
  if (isPg(db)) return onPg.machineNameOf(pgOf(db), assetId);
  while (held(db)) await ready(db);
  const row = db
    .select({ name: machines.name })
    .from(machines)
    .where(eq(machines.assetId, assetId))
    .get();
  return row?.name ?? null;
}
