import 'server-only';
import { held, ready } from '../transaction';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { areas, lines, sites, machines, type Origin } from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/org';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export async function ensureArea(db: DbOrTx, name: string): Promise<number> {
  if (isPg(db)) return onPg.ensureArea(pgOf(db), name);
  while (held(db)) await ready(db);
  const row = db
    .insert(areas)
    .values({ name })
    .onConflictDoUpdate({ target: areas.name, set: { name } })
    .returning({ id: areas.id })
    .get();
  return row.id;
}

export interface LineInput {
  name: string;
  areaName?: string;
  description?: string;
  createTime?: number;
  origin: Origin;
  at: number;
}

/** Upserts a line by name; fields not given are left as they were. */
export async function ensureLine(db: DbOrTx, input: LineInput): Promise<number> {
  if (isPg(db)) return onPg.ensureLine(pgOf(db), input);
  while (held(db)) await ready(db);
  const areaId = input.areaName ? await ensureArea(db, input.areaName) : undefined;
  while (held(db)) await ready(db);
  const set = {
    updatedAt: input.at,
    ...(areaId !== undefined && { areaId }),
    ...(input.description !== undefined && { description: input.description }),
    ...(input.createTime !== undefined && { createTime: input.createTime }),
  };
  const row = db
    .insert(lines)
    .values({ name: input.name, origin: input.origin, ...set })
    .onConflictDoUpdate({ target: lines.name, set })
    .returning({ id: lines.id })
    .get();
  return row.id;
}

export interface SiteInput {
  name: string;
  lineId?: number;
  areaName?: string;
  platformSiteId?: string;
  siteNumber?: string;
  address?: string;
  longitude?: number | string;
  latitude?: number | string;
  origin: Origin;
  at: number;
}

/** Upserts a site by name; coordinates keep their exact text beside the number. */
export async function ensureSite(db: DbOrTx, input: SiteInput): Promise<number> {
  if (isPg(db)) return onPg.ensureSite(pgOf(db), input);
  while (held(db)) await ready(db);
  const areaId = input.areaName ? await ensureArea(db, input.areaName) : undefined;
  while (held(db)) await ready(db);
  const coords =
    input.longitude !== undefined && input.latitude !== undefined
      ? {
          longitudeText: String(input.longitude).trim(),
          latitudeText: String(input.latitude).trim(),
          longitude: Number(input.longitude),
          latitude: Number(input.latitude),
        }
      : {};
  const set = {
    updatedAt: input.at,
    ...coords,
    ...(input.lineId !== undefined && { lineId: input.lineId }),
    ...(areaId !== undefined && { areaId }),
    ...(input.platformSiteId !== undefined && { platformSiteId: input.platformSiteId }),
    ...(input.siteNumber !== undefined && { siteNumber: input.siteNumber }),
    ...(input.address !== undefined && { address: input.address }),
  };
  const row = db
    .insert(sites)
    .values({ name: input.name, origin: input.origin, ...set })
    .onConflictDoUpdate({ target: sites.name, set })
    .returning({ id: sites.id })
    .get();
  return row.id;
}

export async function listLines(db: DbOrTx) {
  if (isPg(db)) return onPg.listLines(pgOf(db));
  while (held(db)) await ready(db);
  return db
    .select({
      id: lines.id,
      name: lines.name,
      areaName: areas.name,
      description: lines.description,
      createTime: lines.createTime,
      origin: lines.origin,
      machineCount: sql<number>`(select count(*) from ${machines} where ${machines.lineId} = ${lines.id})`,
    })
    .from(lines)
    .leftJoin(areas, eq(areas.id, lines.areaId))
    .orderBy(lines.name)
    .all();
}

export async function listSites(db: DbOrTx) {
  if (isPg(db)) return onPg.listSites(pgOf(db));
  while (held(db)) await ready(db);
  return db
    .select({
      id: sites.id,
      name: sites.name,
      platformSiteId: sites.platformSiteId,
      siteNumber: sites.siteNumber,
      address: sites.address,
      longitude: sites.longitude,
      latitude: sites.latitude,
      lineName: lines.name,
      areaName: areas.name,
      origin: sites.origin,
      machineCount: sql<number>`(select count(*) from ${machines} where ${machines.siteId} = ${sites.id})`,
    })
    .from(sites)
    .leftJoin(lines, eq(lines.id, sites.lineId))
    .leftJoin(areas, eq(areas.id, sites.areaId))
    .orderBy(sites.name)
    .all();
}

/** Whether a line of this name is stored. */
export async function lineExists(db: DbOrTx, name: string): Promise<boolean> {
  if (isPg(db)) return onPg.lineExists(pgOf(db), name);
  while (held(db)) await ready(db);
  return db.select({ id: lines.id }).from(lines).where(eq(lines.name, name)).get() !== undefined;
}
