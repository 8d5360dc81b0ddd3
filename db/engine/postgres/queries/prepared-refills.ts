import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import {
  containers,
  goods,
  refillPaySales,
  refillSettlements,
  refillShelves,
  shelves,
} from '@/db/engine/postgres/schema';
import { arr, changes, once, p, set, type Run, type Values } from './prepared-shared';

/** db/prepared.ts's planogram, goods and refill keys on PostgreSQL (see prepared.ts). */
const PLANOGRAM_SHELF = [
  'goodsId',
  'goodsName',
  'price',
  'capacity',
  'valve',
  'img',
  'imgMd5',
] as const;

export async function upsertContainer(db: PgDbOrTx, v: Values): Run {
  const q = once(db, 'upsertContainer', (d) =>
    d
      .insert(containers)
      .values({ assetId: p('assetId'), cid: p('cid'), type: p('type') })
      .onConflictDoUpdate({ target: [containers.assetId, containers.cid], set: set(['type']) })
      .prepare('prep_upsert_container'),
  );
  return changes(await q.execute(v));
}

export async function upsertPlanogramShelf(db: PgDbOrTx, v: Values): Run {
  const q = once(db, 'upsertPlanogramShelf', (d) =>
    d
      .insert(shelves)
      .values({
        assetId: p('assetId'),
        cid: p('cid'),
        locationId: p('locationId'),
        ...Object.fromEntries(PLANOGRAM_SHELF.map((k) => [k, p(k)])),
        inPlanogram: true,
      })
      .onConflictDoUpdate({
        target: [shelves.assetId, shelves.cid, shelves.locationId],
        set: { ...set([...PLANOGRAM_SHELF]), inPlanogram: true },
      })
      .prepare('prep_upsert_planogram_shelf'),
  );
  return changes(await q.execute(v));
}

export interface PlanogramShelfValues {
  cid: string;
  locationId: string;
  goodsId: string | null;
  goodsName: string | null;
  price: number | null;
  capacity: number | null;
  valve: number | null;
  img: string | null;
  imgMd5: string | null;
}

/**
 * Set-based upsertContainer + upsertPlanogramShelf for one machine's planogram: two statements
 * whatever its size (a bulk load's 125,000 shelves were 125,000 round trips). A key listed twice
 * keeps its last values, as the one-row statements run in order would. Rows go in key order:
 * two processes writing one machine's planogram lock its rows in the same order.
 */
export async function upsertPlanogram(
  db: PgDbOrTx,
  p1: {
    assetId: string;
    containers: readonly { cid: string; type: number | null }[];
    shelves: readonly PlanogramShelfValues[];
  },
): Promise<void> {
  const cs = [...new Map(p1.containers.map((c) => [c.cid, c])).values()];
  const ss = [...new Map(p1.shelves.map((s) => [`${s.cid}\u0000${s.locationId}`, s])).values()];
  if (cs.length)
    await db.execute(sql`
      insert into containers (asset_id, cid, type)
      select ${p1.assetId}, u.cid, u.type
      from unnest(${arr(cs.map((c) => c.cid))}::text[], ${arr(cs.map((c) => c.type))}::bigint[]) as u(cid, type)
      order by u.cid
      on conflict (asset_id, cid) do update set type = excluded.type`);
  if (!ss.length) return;
  const col = <K extends keyof PlanogramShelfValues>(k: K) => ss.map((s) => s[k]);
  await db.execute(sql`
    insert into shelves (asset_id, cid, location_id, goods_id, goods_name, price, capacity, valve,
      img, img_md5, in_planogram)
    select ${p1.assetId}, u.*, 1
    from unnest(${arr(col('cid'))}::text[], ${arr(col('locationId'))}::text[], ${arr(col('goodsId'))}::text[],
      ${arr(col('goodsName'))}::text[], ${arr(col('price'))}::bigint[], ${arr(col('capacity'))}::bigint[],
      ${arr(col('valve'))}::bigint[], ${arr(col('img'))}::text[], ${arr(col('imgMd5'))}::text[])
      as u(cid, location_id, goods_id, goods_name, price, capacity, valve, img, img_md5)
    order by u.cid, u.location_id
    on conflict (asset_id, cid, location_id) do update set
      goods_id = excluded.goods_id, goods_name = excluded.goods_name, price = excluded.price,
      capacity = excluded.capacity, valve = excluded.valve, img = excluded.img,
      img_md5 = excluded.img_md5, in_planogram = 1`);
}

/** Goods upserts, one statement per comma-separated list of the fields given (`fields`). */
export async function upsertGoods(db: PgDbOrTx, fields: string, v: Values): Run {
  const names = fields ? fields.split(',') : [];
  const q = once(db, `upsertGoods:${fields}`, (d) =>
    d
      .insert(goods)
      .values({
        goodsId: p('goodsId'),
        ...Object.fromEntries(names.map((k) => [k, p(k)])),
        updatedAt: p('updatedAt'),
      } as never)
      .onConflictDoUpdate({ target: goods.goodsId, set: set([...names, 'updatedAt']) })
      .prepare(`prep_upsert_goods:${fields}`),
  );
  return changes(await q.execute(v));
}

export async function findRefill(db: PgDbOrTx, v: Values): Promise<{ id: number } | undefined> {
  const q = once(db, 'findRefill', (d) =>
    d
      .select({ id: refillSettlements.id })
      .from(refillSettlements)
      .where(
        and(
          eq(refillSettlements.assetId, p('assetId')),
          eq(refillSettlements.refillTime, p('refillTime')),
        ),
      )
      .prepare('prep_find_refill'),
  );
  return (await q.execute(v))[0];
}

export async function insertRefill(db: PgDbOrTx, v: Values): Promise<{ id: number } | undefined> {
  const q = once(db, 'insertRefill', (d) =>
    d
      .insert(refillSettlements)
      .values({
        assetId: p('assetId'),
        refillTime: p('refillTime'),
        source: p('source'),
        receivedAt: p('receivedAt'),
        siteName: p('siteName'),
        siteNumber: p('siteNumber'),
        lineName: p('lineName'),
        lastRefillTime: p('lastRefillTime'),
        inboxId: p('inboxId'),
      })
      .returning({ id: refillSettlements.id })
      .prepare('prep_insert_refill'),
  );
  return (await q.execute(v))[0];
}

export async function updateRefill(db: PgDbOrTx, v: Values): Run {
  const q = once(db, 'updateRefill', (d) =>
    d
      .update(refillSettlements)
      .set(set(['siteName', 'siteNumber', 'lineName', 'lastRefillTime', 'inboxId']))
      .where(eq(refillSettlements.id, p('id')))
      .prepare('prep_update_refill'),
  );
  return changes(await q.execute(v));
}

export async function deleteRefillPaySales(db: PgDbOrTx, v: Values): Run {
  const q = once(db, 'deleteRefillPaySales', (d) =>
    d
      .delete(refillPaySales)
      .where(eq(refillPaySales.settlementId, p('id')))
      .prepare('prep_delete_refill_pay_sales'),
  );
  return changes(await q.execute(v));
}

export async function deleteRefillShelves(db: PgDbOrTx, v: Values): Run {
  const q = once(db, 'deleteRefillShelves', (d) =>
    d
      .delete(refillShelves)
      .where(eq(refillShelves.settlementId, p('id')))
      .prepare('prep_delete_refill_shelves'),
  );
  return changes(await q.execute(v));
}

type Cell = string | number | null;

/** Column `i` of every row, for an `unnest` array. */
const column = (rows: readonly (readonly unknown[])[], i: number) =>
  rows.map((r) => (r[i] ?? null) as Cell);

/**
 * Rows: [settlementId, cid, locationId, goodsId, goodsName, goodsNumber, price, stock,
 * refillCount]. One statement for all of them; ids are assigned in the rows' order (the
 * select is ordered, and the identity is drawn as rows are inserted), as refillShelfIds reads
 * them back.
 */
export async function insertRefillShelves(
  db: PgDbOrTx,
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (!rows.length) return;
  const c = (i: number) => column(rows, i);
  await db.execute(sql`
    insert into refill_shelves (settlement_id, cid, location_id, goods_id, goods_name,
      goods_number, price, stock, refill_count)
    select s, c, l, g, gn, gnum, pr, st, rc
    from unnest(${arr(c(0))}::bigint[], ${arr(c(1))}::text[], ${arr(c(2))}::text[], ${arr(c(3))}::text[],
      ${arr(c(4))}::text[], ${arr(c(5))}::text[], ${arr(c(6))}::bigint[], ${arr(c(7))}::bigint[], ${arr(c(8))}::bigint[])
      with ordinality as u(s, c, l, g, gn, gnum, pr, st, rc, n)
    order by n`);
}

/** The refill's shelf rows' ids, ascending (`.all(id)` plucked on SQLite). */
export async function refillShelfIds(db: PgDbOrTx, id: number): Promise<number[]> {
  const q = once(db, 'refillShelfIds', (d) =>
    d
      .select({ id: refillShelves.id })
      .from(refillShelves)
      .where(eq(refillShelves.settlementId, p('id')))
      .orderBy(refillShelves.id)
      .prepare('prep_refill_shelf_ids'),
  );
  return (await q.execute({ id })).map((r) => r.id);
}

/** Rows: [settlementId, refillShelfId, name, sales, units]; one statement for all of them. */
export async function insertRefillPaySales(
  db: PgDbOrTx,
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (!rows.length) return;
  const c = (i: number) => column(rows, i);
  await db.execute(sql`
    insert into refill_pay_sales (settlement_id, refill_shelf_id, name, sales, units)
    select s, r, n, sa, u
    from unnest(${arr(c(0))}::bigint[], ${arr(c(1))}::bigint[], ${arr(c(2))}::text[], ${arr(c(3))}::bigint[],
      ${arr(c(4))}::bigint[]) with ordinality as x(s, r, n, sa, u, o)
    order by o`);
}
