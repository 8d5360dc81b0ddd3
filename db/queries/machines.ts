import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { areas, containers, goods, lines, machines, shelves, sites } from '../schema';

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
export function placeMachine(db: DbOrTx, m: MachinePlacement) {
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
 * upserted. A shelf's sold-out state belongs to status pushes and is kept.
 */
export function replacePlanogram(db: DbOrTx, assetId: string, planogram: PlanogramContainer[]) {
  const cids = planogram.map((c) => c.cid);
  const shelfKeys = planogram.flatMap((c) => c.shelves.map((s) => `${c.cid}\u0000${s.locationId}`));
  db.delete(shelves)
    .where(
      and(
        eq(shelves.assetId, assetId),
        shelfKeys.length
          ? notInArray(sql`${shelves.cid} || char(0) || ${shelves.locationId}`, shelfKeys)
          : undefined,
      ),
    )
    .run();
  db.delete(containers)
    .where(
      and(
        eq(containers.assetId, assetId),
        cids.length ? notInArray(containers.cid, cids) : undefined,
      ),
    )
    .run();
  for (const c of planogram) {
    db.insert(containers)
      .values({ assetId, cid: c.cid, type: c.type })
      .onConflictDoUpdate({
        target: [containers.assetId, containers.cid],
        set: { type: c.type ?? null },
      })
      .run();
    for (const s of c.shelves) {
      const fields = {
        goodsId: s.goodsId ?? null,
        goodsName: s.goodsName ?? null,
        price: s.price ?? null,
        capacity: s.capacity ?? null,
        valve: s.valve ?? null,
        img: s.img ?? null,
        imgMd5: s.imgMd5 ?? null,
        inPlanogram: true,
      };
      db.insert(shelves)
        .values({ assetId, cid: c.cid, locationId: s.locationId, ...fields })
        .onConflictDoUpdate({
          target: [shelves.assetId, shelves.cid, shelves.locationId],
          set: fields,
        })
        .run();
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
export function upsertGoods(db: DbOrTx, { at, goodsId, ...rest }: GoodsInput) {
  const set = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  db.insert(goods)
    .values({ goodsId, ...set, updatedAt: at })
    .onConflictDoUpdate({ target: goods.goodsId, set: { ...set, updatedAt: at } })
    .run();
}

export function getMachine(db: DbOrTx, assetId: string) {
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
