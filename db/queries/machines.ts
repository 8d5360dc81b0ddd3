import 'server-only';
import { held, ready } from '../transaction';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { prepared } from '../prepared';
import { areas, containers, goods, lines, machines, shelves, sites } from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/machines';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export interface MachinePlacement {
  assetId: string;
  name?: string;
  siteId?: number;
  lineId?: number;
  at: number;
  /** A status push places a machine without making a placeholder complete. */
  keepFlags?: boolean;
}

/** Sets what a device push says about the machine, and clears the incomplete flag. */
export async function placeMachine(db: DbOrTx, m: MachinePlacement) {
  if (isPg(db)) {
    await onPg.placeMachine(pgOf(db), m);
    return;
  }
  while (held(db)) await ready(db);
  db.update(machines)
    .set({
      ...(!m.keepFlags && { incomplete: false, origin: 'push' as const }),
      updatedAt: m.at,
      ...(m.name !== undefined && { name: m.name }),
      ...(m.siteId !== undefined && { siteId: m.siteId }),
      ...(m.lineId !== undefined && { lineId: m.lineId }),
    })
    .where(eq(machines.assetId, m.assetId))
    .run();
}

export interface PlanogramShelf {
  locationId: string;
  goodsId?: string;
  goodsName?: string;
  price?: number;
  capacity?: number;
  valve?: number;
  img?: string;
  imgMd5?: string;
}
export interface PlanogramContainer {
  cid: string;
  type?: number;
  shelves: PlanogramShelf[];
}

/**
 * Replaces a machine's planogram: containers and shelves not in it are removed, the rest are
 * upserted. A shelf's sold-out state belongs to status pushes and is kept. The lists kept are
 * bound as one JSON array each (json_each), not one variable per shelf: a push may name more
 * shelves than a statement may have variables (D62).
 */
export async function replacePlanogram(db: Db, assetId: string, planogram: PlanogramContainer[]) {
  if (isPg(db)) {
    await onPg.replacePlanogram(pgOf(db), assetId, planogram);
    return;
  }
  while (held(db)) await ready(db);
  const cids = planogram.map((c) => c.cid);
  const shelfKeys = planogram.flatMap((c) => c.shelves.map((s) => `${c.cid}\u0000${s.locationId}`));
  db.delete(shelves)
    .where(
      and(
        eq(shelves.assetId, assetId),
        sql`${shelves.cid} || char(0) || ${shelves.locationId} not in (select value from json_each(${JSON.stringify(shelfKeys)}))`,
      ),
    )
    .run();
  db.delete(containers)
    .where(
      and(
        eq(containers.assetId, assetId),
        sql`${containers.cid} not in (select value from json_each(${JSON.stringify(cids)}))`,
      ),
    )
    .run();
  const s = prepared(db);
  for (const c of planogram) {
    s.upsertContainer.run({ assetId, cid: c.cid, type: c.type ?? null });
    for (const x of c.shelves) {
      s.upsertPlanogramShelf.run({
        assetId,
        cid: c.cid,
        locationId: x.locationId,
        goodsId: x.goodsId ?? null,
        goodsName: x.goodsName ?? null,
        price: x.price ?? null,
        capacity: x.capacity ?? null,
        valve: x.valve ?? null,
        img: x.img ?? null,
        imgMd5: x.imgMd5 ?? null,
      });
    }
  }
}

export interface GoodsInput {
  goodsId: string;
  number?: string;
  name?: string;
  fullName?: string;
  typeId?: string;
  typeName?: string;
  price?: number;
  packingForm?: number;
  manufacturer?: string;
  img?: string;
  imgMd5?: string;
  at: number;
}

/** Upserts goods; fields not given are left as they were. */
export async function upsertGoods(db: Db, input: GoodsInput) {
  if (isPg(db)) {
    await onPg.upsertGoods(pgOf(db), input);
    return;
  }
  while (held(db)) await ready(db);
  const { at, goodsId, ...rest } = input;
  const set = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  prepared(db)
    .upsertGoods(Object.keys(set).join(','))
    .run({ goodsId, ...set, updatedAt: at });
}

export async function getMachine(db: DbOrTx, assetId: string) {
  if (isPg(db)) return onPg.getMachine(pgOf(db), assetId);
  while (held(db)) await ready(db);
  const machine = db
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
    .where(eq(machines.assetId, assetId))
    .get();
  if (!machine) return undefined;
  const cs = db
    .select()
    .from(containers)
    .where(eq(containers.assetId, assetId))
    .orderBy(containers.cid)
    .all();
  const ss = db
    .select()
    .from(shelves)
    .where(eq(shelves.assetId, assetId))
    .orderBy(shelves.cid, sql`cast(${shelves.locationId} as integer)`, shelves.locationId)
    .all();
  return { machine, containers: cs, shelves: ss };
}

/** The asset ids among `assetIds` that name a machine we know. */
export async function knownAssetIds(db: DbOrTx, assetIds: readonly string[]): Promise<Set<string>> {
  if (isPg(db)) return onPg.knownAssetIds(pgOf(db), assetIds);
  while (held(db)) await ready(db);
  return new Set(
    db
      .all<{ assetId: string }>(
        sql`select asset_id as assetId from machines
            where asset_id in (select value from json_each(${JSON.stringify(assetIds)}))`,
      )
      .map((r) => r.assetId),
  );
}

export interface MachineDetailsParams {
  assetId: string;
  areaId?: number;
  /** The vendor's name; an empty one changes nothing. */
  vender?: string;
}

/** Sets a machine's area and vendor, each only when given; nothing when neither is. */
export async function setMachineDetails(db: DbOrTx, p: MachineDetailsParams) {
  if (isPg(db)) {
    await onPg.setMachineDetails(pgOf(db), p);
    return;
  }
  while (held(db)) await ready(db);
  if (p.areaId === undefined && !p.vender) return;
  db.update(machines)
    .set({
      ...(p.areaId !== undefined && { areaId: p.areaId }),
      ...(p.vender && { vender: p.vender }),
    })
    .where(eq(machines.assetId, p.assetId))
    .run();
}

/** The goods ids stored with this goods number (§11 goods carry a number, D50). */
export async function goodsIdsByNumber(db: DbOrTx, number: string): Promise<string[]> {
  if (isPg(db)) return onPg.goodsIdsByNumber(pgOf(db), number);
  while (held(db)) await ready(db);
  return db
    .select({ goodsId: goods.goodsId })
    .from(goods)
    .where(eq(goods.number, number))
    .all()
    .map((r) => r.goodsId);
}

/** A machine's planogram positions: its shelves' container and shelf numbers. */
export async function shelfPositions(db: DbOrTx, assetId: string) {
  if (isPg(db)) return onPg.shelfPositions(pgOf(db), assetId);
  while (held(db)) await ready(db);
  return db
    .select({ cid: shelves.cid, locationId: shelves.locationId })
    .from(shelves)
    .where(eq(shelves.assetId, assetId))
    .all();
}

/** A page of the platform's machines (smartvending), by asset id after `after`. */
export interface MachinePageParams {
  after: string;
  limit: number;
}

export async function smartvendingAssetIds(db: DbOrTx, p: MachinePageParams): Promise<string[]> {
  if (isPg(db)) return onPg.smartvendingAssetIds(pgOf(db), p);
  while (held(db)) await ready(db);
  return db
    .select({ assetId: machines.assetId })
    .from(machines)
    .where(and(eq(machines.platform, 'smartvending'), gt(machines.assetId, p.after)))
    .orderBy(asc(machines.assetId))
    .limit(p.limit)
    .all()
    .map((m) => m.assetId);
}

export async function countSmartvendingMachines(db: DbOrTx): Promise<number> {
  if (isPg(db)) return onPg.countSmartvendingMachines(pgOf(db));
  while (held(db)) await ready(db);
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(machines)
      .where(eq(machines.platform, 'smartvending'))
      .get()?.n ?? 0
  );
}
