import 'server-only';
import { and, asc, desc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type * as S from '@/db/queries/cabinets';
import type { PgDbOrTx } from '../client';
import { cabinetGoods, cabinetOrderEvents, cabinetOrders, cabinets, machines } from '../schema';

type R<F extends (...a: never[]) => unknown> = Promise<Awaited<ReturnType<F>>>;
type GoodsKey = { machineId: string; doorNo: number; commodityId: string };

/** A JS array as ONE array parameter (a bare array in `sql` becomes a list of parameters). */
const list = (values: unknown[]) => sql.param(values);

/**
 * Three statements whatever the number of goods: the machine, the cabinet's status, then its
 * goods. SQLite unlists all goods and upserts each listed one; here the goods not in the poll
 * are unlisted (those still listed) and the others upserted, in one statement. A commodity
 * listed twice on a door takes its last values (SQLite's second upsert overwrites the first) at
 * its first place, since one INSERT may not touch a row twice. Each upserted row spends an id,
 * as SQLite's AUTOINCREMENT does (but for such a repeat: the later ids are one less). On SQLite a new machine row gets its shelf figures
 * row from a trigger (migration 0016): PostgreSQL's triggers or the caller's to do.
 */
export async function saveCabinetSnapshot(
  db: PgDbOrTx,
  s: S.CabinetSnapshot,
  at: number,
): Promise<void> {
  await db
    .insert(machines)
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
    });
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
  await db
    .insert(cabinets)
    .values({ machineId: s.machineId, createdAt: at, ...status })
    .onConflictDoUpdate({ target: cabinets.machineId, set: status });

  const byKey = new Map<string, S.CabinetSnapshot['goods'][number]>();
  for (const g of s.goods) byKey.set(JSON.stringify([g.doorNo, g.commodityId]), g);
  const g = [...byKey.values()];
  const m = s.machineId;
  await db.execute(
    sql`WITH v AS (
          SELECT * FROM unnest(${list(g.map((x) => x.doorNo))}::bigint[],
            ${list(g.map((x) => x.commodityId))}::text[], ${list(g.map((x) => x.name))}::text[],
            ${list(g.map((x) => x.sku))}::text[], ${list(g.map((x) => x.weight))}::bigint[],
            ${list(g.map((x) => x.price))}::bigint[], ${list(g.map((x) => x.pictureUrl))}::text[])
            WITH ORDINALITY AS v(door_no, commodity_id, name, sku, weight, price, picture_url, ord)),
        unlisted AS (
          UPDATE cabinet_goods SET listed = false
          WHERE machine_id = ${m} AND listed
            AND (door_no, commodity_id) NOT IN (SELECT door_no, commodity_id FROM v))
        INSERT INTO cabinet_goods
          (machine_id, door_no, commodity_id, name, sku, weight, price, picture_url, listed, updated_at)
        SELECT ${m}, door_no, commodity_id, name, sku, weight, price, picture_url, true, ${at}
        FROM v ORDER BY ord
        ON CONFLICT (machine_id, door_no, commodity_id) DO UPDATE SET name = excluded.name,
          sku = excluded.sku, weight = excluded.weight, price = excluded.price,
          picture_url = excluded.picture_url, listed = true, updated_at = excluded.updated_at`,
  );
}

export async function recordPollError(
  db: PgDbOrTx,
  machineId: string,
  error: string,
  at: number,
): Promise<void> {
  await db
    .update(cabinets)
    .set({ pollError: error, polledAt: at })
    .where(eq(cabinets.machineId, machineId));
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

export function listCabinets(db: PgDbOrTx): R<typeof S.listCabinets> {
  return db
    .select({ ...cabinetColumns, name: machines.name })
    .from(cabinets)
    .innerJoin(machines, eq(machines.assetId, cabinets.machineId))
    .orderBy(asc(cabinets.machineId));
}

export async function getCabinet(db: PgDbOrTx, machineId: string): R<typeof S.getCabinet> {
  const [row] = await db
    .select({ ...cabinetColumns, name: machines.name })
    .from(cabinets)
    .innerJoin(machines, eq(machines.assetId, cabinets.machineId))
    .where(eq(cabinets.machineId, machineId));
  return row;
}

export function cabinetGoodsOf(db: PgDbOrTx, machineId: string): R<typeof S.cabinetGoodsOf> {
  return db
    .select()
    .from(cabinetGoods)
    .where(eq(cabinetGoods.machineId, machineId))
    .orderBy(asc(cabinetGoods.doorNo), asc(cabinetGoods.name));
}

const goodsIs = (k: GoodsKey) =>
  and(
    eq(cabinetGoods.machineId, k.machineId),
    eq(cabinetGoods.doorNo, k.doorNo),
    eq(cabinetGoods.commodityId, k.commodityId),
  );

export async function setGoodsStock(
  db: PgDbOrTx,
  k: GoodsKey,
  stock: number,
  at: number,
): Promise<void> {
  await db.update(cabinetGoods).set({ stock, stockUpdatedAt: at }).where(goodsIs(k));
}

/** SQLite's max(0, NULL) is NULL, greatest()'s is 0: unknown stock must stay unknown. */
export async function takeGoodsStock(
  db: PgDbOrTx,
  k: GoodsKey,
  pieces: number,
  at: number,
): Promise<void> {
  await db
    .update(cabinetGoods)
    .set({
      stock: sql`CASE WHEN ${cabinetGoods.stock} IS NULL THEN NULL
        ELSE greatest(0, ${cabinetGoods.stock} - ${pieces}::bigint) END`,
      stockUpdatedAt: at,
    })
    .where(goodsIs(k));
}

export async function insertCabinetOrder(
  db: PgDbOrTx,
  row: Parameters<typeof S.insertCabinetOrder>[1],
): Promise<void> {
  await db.insert(cabinetOrders).values(row);
}

export async function getCabinetOrder(db: PgDbOrTx, orderId: string): R<typeof S.getCabinetOrder> {
  const [row] = await db.select().from(cabinetOrders).where(eq(cabinetOrders.orderId, orderId));
  return row;
}

export async function updateCabinetOrder(
  db: PgDbOrTx,
  orderId: string,
  set: Parameters<typeof S.updateCabinetOrder>[2],
): Promise<void> {
  await db.update(cabinetOrders).set(set).where(eq(cabinetOrders.orderId, orderId));
}

/** A repeated body spends an id, as on SQLite (AUTOINCREMENT): event ids stay the same. */
export async function insertCabinetEvent(
  db: PgDbOrTx,
  row: Parameters<typeof S.insertCabinetEvent>[1],
): Promise<boolean> {
  const added = await db
    .insert(cabinetOrderEvents)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: cabinetOrderEvents.id });
  return added.length > 0;
}

export async function eventsOf(db: PgDbOrTx, orderIds: string[]): Promise<S.CabinetEventRow[]> {
  if (!orderIds.length) return [];
  return db
    .select()
    .from(cabinetOrderEvents)
    .where(inArray(cabinetOrderEvents.orderId, orderIds))
    .orderBy(asc(cabinetOrderEvents.id));
}

/** Orders newest first, cursor-paged. */
export async function listCabinetOrders(
  db: PgDbOrTx,
  p: S.CabinetOrderListParams,
): R<typeof S.listCabinetOrders> {
  const rows = await db
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
          ? sql`(${cabinetOrders.createdAt}, ${cabinetOrders.orderId}) < (${p.cursor.createdAt}::bigint, ${p.cursor.orderId}::text)`
          : undefined,
      ),
    )
    .orderBy(desc(cabinetOrders.createdAt), desc(cabinetOrders.orderId))
    .limit(p.limit + 1);
  const more = rows.length > p.limit;
  return { rows: more ? rows.slice(0, p.limit) : rows, more };
}

export async function closedOrdersBefore(db: PgDbOrTx, closedBefore: number): Promise<string[]> {
  const rows = await db
    .select({ orderId: cabinetOrders.orderId })
    .from(cabinetOrders)
    .where(and(eq(cabinetOrders.state, 'closed'), lt(cabinetOrders.closedAt, closedBefore)))
    // SQLite gives no order; its plan walks the (state, created_at) index: that order.
    .orderBy(asc(cabinetOrders.createdAt), asc(cabinetOrders.orderId));
  return rows.map((r) => r.orderId);
}

export async function machineNameOf(db: PgDbOrTx, assetId: string): Promise<string | null> {
  const [row] = await db
    .select({ name: machines.name })
    .from(machines)
    .where(eq(machines.assetId, assetId));
  return row?.name ?? null;
}
