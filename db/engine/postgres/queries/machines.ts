import 'server-only';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import {
  areas,
  containers,
  goods,
  lines,
  machines,
  shelves,
  sites,
} from '@/db/engine/postgres/schema';
import type {
  GoodsInput,
  MachineDetailsParams,
  MachinePageParams,
  MachinePlacement,
  PlanogramContainer,
} from '@/db/queries/machines';

/** Sets what a device push says about the machine, and clears the incomplete flag. */
export async function placeMachine(db: PgDbOrTx, m: MachinePlacement): Promise<void> {
  await db
    .update(machines)
    .set({
      ...(!m.keepFlags && { incomplete: false, origin: 'push' as const }),
      updatedAt: m.at,
      ...(m.name !== undefined && { name: m.name }),
      ...(m.siteId !== undefined && { siteId: m.siteId }),
      ...(m.lineId !== undefined && { lineId: m.lineId }),
    })
    .where(eq(machines.assetId, m.assetId));
}

const texts = (v: (string | null)[]) => sql`${sql.param(v)}::text[]`;
const ints = (v: (number | null)[]) => sql`${sql.param(v)}::bigint[]`;

/**
 * Replaces a machine's planogram in four statements whatever its size: what it no longer lists
 * is deleted, its containers and shelves upserted as one multi-row INSERT … ON CONFLICT each
 * (arrays, not one parameter per shelf). A key listed twice is written once with its last
 * values, where SQLite's upserts one by one leave the same row. The shelves' stock basis and
 * their machine's figures follow by triggers (migration 0001), once per statement.
 */
export async function replacePlanogram(
  db: PgDbOrTx,
  assetId: string,
  planogram: PlanogramContainer[],
): Promise<void> {
  const cs = new Map<string, number | null>();
  const ss = new Map<string, { cid: string; x: PlanogramContainer['shelves'][number] }>();
  for (const c of planogram) {
    cs.set(c.cid, c.type ?? null);
    for (const x of c.shelves) ss.set(`${c.cid}\u0000${x.locationId}`, { cid: c.cid, x });
  }
  const shelf = [...ss.values()];
  const cids = texts(shelf.map((s) => s.cid));
  const locs = texts(shelf.map((s) => s.x.locationId));
  await db.execute(sql`
    delete from shelves s where s.asset_id = ${assetId} and not exists (
      select 1 from unnest(${cids}, ${locs}) k(cid, location_id)
      where k.cid = s.cid and k.location_id = s.location_id)`);
  await db.execute(sql`
    delete from containers where asset_id = ${assetId}
      and cid <> all(${texts([...cs.keys()])})`);
  if (cs.size)
    await db.execute(sql`
      insert into containers (asset_id, cid, type)
      select ${assetId}, c.cid, c.type
      from unnest(${texts([...cs.keys()])}, ${ints([...cs.values()])}) with ordinality c(cid, type, n)
      order by c.n
      on conflict (asset_id, cid) do update set type = excluded.type`);
  if (!shelf.length) return;
  const t = (f: (x: PlanogramContainer['shelves'][number]) => string | undefined) =>
    texts(shelf.map((s) => f(s.x) ?? null));
  const n = (f: (x: PlanogramContainer['shelves'][number]) => number | undefined) =>
    ints(shelf.map((s) => f(s.x) ?? null));
  await db.execute(sql`
    insert into shelves (asset_id, cid, location_id, goods_id, goods_name, price, capacity,
      valve, img, img_md5, in_planogram)
    select ${assetId}, v.cid, v.location_id, v.goods_id, v.goods_name, v.price, v.capacity,
      v.valve, v.img, v.img_md5, 1
    from unnest(${cids}, ${locs}, ${t((x) => x.goodsId)}, ${t((x) => x.goodsName)},
      ${n((x) => x.price)}, ${n((x) => x.capacity)}, ${n((x) => x.valve)}, ${t((x) => x.img)},
      ${t((x) => x.imgMd5)}) with ordinality
      v(cid, location_id, goods_id, goods_name, price, capacity, valve, img, img_md5, n)
    order by v.n
    on conflict (asset_id, cid, location_id) do update set goods_id = excluded.goods_id,
      goods_name = excluded.goods_name, price = excluded.price, capacity = excluded.capacity,
      valve = excluded.valve, img = excluded.img, img_md5 = excluded.img_md5, in_planogram = 1`);
}

/** Upserts goods; fields not given are left as they were. */
export async function upsertGoods(
  db: PgDbOrTx,
  { at, goodsId, ...rest }: GoodsInput,
): Promise<void> {
  const set = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  await db
    .insert(goods)
    .values({ goodsId, ...set, updatedAt: at })
    .onConflictDoUpdate({ target: goods.goodsId, set: { ...set, updatedAt: at } });
}

export async function getMachine(db: PgDbOrTx, assetId: string) {
  const [machine] = await db
    .select({
      assetId: machines.assetId,
      name: machines.name,
      platform: machines.platform,
      clientId: machines.clientId,
      incomplete: machines.incomplete,
      siteName: sites.name,
      longitude: sites.longitude,
      latitude: sites.latitude,
      lineId: machines.lineId,
      lineName: lines.name,
      areaName: areas.name,
      createdAt: machines.createdAt,
      lastSeenAt: machines.lastSeenAt,
    })
    .from(machines)
    .leftJoin(sites, eq(sites.id, machines.siteId))
    .leftJoin(lines, eq(lines.id, machines.lineId))
    .leftJoin(areas, eq(areas.id, sites.areaId))
    .where(eq(machines.assetId, assetId));
  if (!machine) return undefined;
  const [cs, ss] = await Promise.all([
    db.select().from(containers).where(eq(containers.assetId, assetId)).orderBy(containers.cid),
    db
      .select()
      .from(shelves)
      .where(eq(shelves.assetId, assetId))
      .orderBy(shelves.cid, sql`${integerOf(sql`${shelves.locationId}`)}`, shelves.locationId),
  ]);
  return { machine, containers: cs, shelves: ss };
}

/**
 * SQLite's `cast(x as integer)`: the leading integer of the text, 0 when there is none (a
 * PostgreSQL cast would throw on '1A'), so shelves sort 2 before 10 on both engines.
 */
export function integerOf(x: ReturnType<typeof sql>) {
  return sql`coalesce(substring(${x} from '^\\s*([+-]?[0-9]{1,18})')::bigint, 0)`;
}

/** The asset ids among `assetIds` that name a machine we know. */
export async function knownAssetIds(
  db: PgDbOrTx,
  assetIds: readonly string[],
): Promise<Set<string>> {
  const r = await db.execute<{ asset_id: string }>(
    sql`select asset_id from machines where asset_id = any(${texts([...assetIds])})`,
  );
  return new Set(r.rows.map((x) => x.asset_id));
}

/** Sets a machine's area and vendor, each only when given; nothing when neither is. */
export async function setMachineDetails(db: PgDbOrTx, p: MachineDetailsParams): Promise<void> {
  if (p.areaId === undefined && !p.vender) return;
  await db
    .update(machines)
    .set({
      ...(p.areaId !== undefined && { areaId: p.areaId }),
      ...(p.vender && { vender: p.vender }),
    })
    .where(eq(machines.assetId, p.assetId));
}

/**
 * The goods ids stored with this goods number (§11 goods carry a number, D50). SQLite gives them
 * in the order they were first stored (its rowid); here by goods id: callers take them as a set.
 */
export async function goodsIdsByNumber(db: PgDbOrTx, number: string): Promise<string[]> {
  const rows = await db
    .select({ goodsId: goods.goodsId })
    .from(goods)
    .where(eq(goods.number, number))
    .orderBy(goods.goodsId);
  return rows.map((r) => r.goodsId);
}

/**
 * A machine's planogram positions: its shelves' container and shelf numbers, in the order
 * SQLite's statement gives them (it reads the unique (asset_id, cid, location_id) index).
 */
export async function shelfPositions(db: PgDbOrTx, assetId: string) {
  return db
    .select({ cid: shelves.cid, locationId: shelves.locationId })
    .from(shelves)
    .where(eq(shelves.assetId, assetId))
    .orderBy(shelves.cid, shelves.locationId);
}

export async function smartvendingAssetIds(db: PgDbOrTx, p: MachinePageParams): Promise<string[]> {
  const rows = await db
    .select({ assetId: machines.assetId })
    .from(machines)
    .where(and(eq(machines.platform, 'smartvending'), gt(machines.assetId, p.after)))
    .orderBy(asc(machines.assetId))
    .limit(p.limit);
  return rows.map((m) => m.assetId);
}

export async function countSmartvendingMachines(db: PgDbOrTx): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(machines)
    .where(eq(machines.platform, 'smartvending'));
  return r?.n ?? 0;
}
