import { and, eq, not, notInArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import {
  areas,
  containers,
  goods,
  lines,
  machineFaults,
  machines,
  machineStatus,
  shelves,
  sites,
} from '../schema';

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

export interface MachineListParams {
  /** Area, line and site by name. A machine's area is its own, else its site's, else its line's. */
  area?: string;
  line?: string;
  site?: string;
  platform?: 'smartvending' | 'saas';
  /** true: the platform says online; false: it says offline. Machines without status match neither. */
  online?: boolean;
  /** true: at least one open fault; false: none. */
  faults?: boolean;
  /** true: at least one sold-out shelf; false: none. */
  soldOut?: boolean;
  /** Part of the asset ID, name or site name. */
  q?: string;
  sort?: 'assetId' | 'name' | 'site' | 'line' | 'lastSeen' | 'soldOut';
  dir?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/*
 * Per-machine counts are correlated subqueries over covering indexes (shelves by asset and
 * sold-out flag, faults by asset and clearedAt): one index seek per listed machine, no table
 * lookups. Aggregating all shelves once with GROUP BY was measured too: as fast for the whole
 * fleet, but it scans every shelf even when a filter leaves a few hundred machines
 * (docs/decisions.md, "Machine list").
 */
const soldOutShelves = sql<number>`(select count(*) from ${shelves} where ${shelves.assetId} = ${machines.assetId} and ${shelves.soldOut} = 1)`;
const totalShelves = sql<number>`(select count(*) from ${shelves} where ${shelves.assetId} = ${machines.assetId})`;
const openFaultCount = sql<number>`(select count(*) from ${machineFaults} where ${machineFaults.assetId} = ${machines.assetId} and ${machineFaults.clearedAt} is null)`;
const hasSoldOut = sql`exists (select 1 from ${shelves} where ${shelves.assetId} = ${machines.assetId} and ${shelves.soldOut} = 1)`;
const hasOpenFault = sql`exists (select 1 from ${machineFaults} where ${machineFaults.assetId} = ${machines.assetId} and ${machineFaults.clearedAt} is null)`;
const areaId = sql`coalesce(${machines.areaId}, ${sites.areaId}, ${lines.areaId})`;

function listConditions(p: MachineListParams): SQL | undefined {
  const c: SQL[] = [];
  if (p.area) c.push(eq(areas.name, p.area));
  if (p.line) c.push(eq(lines.name, p.line));
  if (p.site) c.push(eq(sites.name, p.site));
  if (p.platform) c.push(eq(machines.platform, p.platform));
  // The platform's code: online 0 is online (lib/api/views.ts).
  if (p.online !== undefined)
    c.push(p.online ? eq(machineStatus.online, 0) : sql`${machineStatus.online} <> 0`);
  if (p.faults !== undefined) c.push(p.faults ? hasOpenFault : not(hasOpenFault));
  if (p.soldOut !== undefined) c.push(p.soldOut ? hasSoldOut : not(hasSoldOut));
  if (p.q) {
    const like = `%${p.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    c.push(
      sql`(${machines.assetId} like ${like} escape '\\' or ${machines.name} like ${like} escape '\\' or ${sites.name} like ${like} escape '\\')`,
    );
  }
  return c.length ? and(...c) : undefined;
}

/** Sort keys; empty values go last either way, ties by asset ID. */
function listOrder(p: MachineListParams): SQL[] {
  const dir = p.dir === 'desc' ? sql.raw('desc') : sql.raw('asc');
  const key = {
    assetId: undefined,
    name: machines.name,
    site: sites.name,
    line: lines.name,
    lastSeen: machines.lastSeenAt,
    // The select's alias: the subquery is not evaluated a second time for the sort.
    soldOut: sql.identifier('sold_out_shelves'),
  }[p.sort ?? 'assetId'];
  const byAsset = sql`${machines.assetId} ${key === undefined ? dir : sql.raw('asc')}`;
  return key === undefined ? [byAsset] : [sql`${key} ${dir} nulls last`, byAsset];
}

export function listMachines(db: DbOrTx, p: MachineListParams) {
  const where = listConditions(p);
  const rows = db
    .select({
      assetId: machines.assetId,
      name: machines.name,
      platform: machines.platform,
      incomplete: machines.incomplete,
      siteName: sites.name,
      lineName: lines.name,
      areaName: areas.name,
      online: machineStatus.online,
      vmcOnline: machineStatus.vmcOnline,
      doorState: machineStatus.doorState,
      isSale: machineStatus.isSale,
      soldOutShelves: soldOutShelves.as('sold_out_shelves'),
      totalShelves: totalShelves.as('total_shelves'),
      openFaults: openFaultCount.as('open_faults'),
      lastSeenAt: machines.lastSeenAt,
    })
    .from(machines)
    .leftJoin(sites, eq(sites.id, machines.siteId))
    .leftJoin(lines, eq(lines.id, machines.lineId))
    .leftJoin(areas, eq(areas.id, areaId))
    .leftJoin(machineStatus, eq(machineStatus.assetId, machines.assetId))
    .where(where)
    .orderBy(...listOrder(p))
    .limit(p.limit + 1)
    .offset(p.offset)
    .all();
  // One row past the page says whether there is more; only then is the total counted.
  const more = rows.length > p.limit;
  const items = more ? rows.slice(0, p.limit) : rows;
  const total =
    more || (items.length === 0 && p.offset > 0)
      ? (db
          .select({ n: sql<number>`count(*)` })
          .from(machines)
          .leftJoin(sites, eq(sites.id, machines.siteId))
          .leftJoin(lines, eq(lines.id, machines.lineId))
          .leftJoin(areas, eq(areas.id, areaId))
          .leftJoin(machineStatus, eq(machineStatus.assetId, machines.assetId))
          .where(where)
          .get()?.n ?? 0)
      : p.offset + items.length;
  return { items, total };
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
