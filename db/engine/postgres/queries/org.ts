import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { areas, lines, machines, sites } from '@/db/engine/postgres/schema';
import type { LineInput, SiteInput } from '@/db/queries/org';

/** Areas, lines and sites (db/queries/org.ts): upserts by name, one statement each. */
export async function ensureArea(db: PgDbOrTx, name: string): Promise<number> {
  const [row] = await db
    .insert(areas)
    .values({ name })
    .onConflictDoUpdate({ target: areas.name, set: { name } })
    .returning({ id: areas.id });
  return row!.id;
}

export async function ensureLine(db: PgDbOrTx, input: LineInput): Promise<number> {
  const areaId = input.areaName ? await ensureArea(db, input.areaName) : undefined;
  const set = {
    updatedAt: input.at,
    ...(areaId !== undefined && { areaId }),
    ...(input.description !== undefined && { description: input.description }),
    ...(input.createTime !== undefined && { createTime: input.createTime }),
  };
  const [row] = await db
    .insert(lines)
    .values({ name: input.name, origin: input.origin, ...set })
    .onConflictDoUpdate({ target: lines.name, set })
    .returning({ id: lines.id });
  return row!.id;
}

/** SQLite stores a NaN REAL as NULL; PostgreSQL would keep 'NaN'. */
const coordinate = (v: number | string) => {
  const n = Number(v);
  return Number.isNaN(n) ? null : n;
};

export async function ensureSite(db: PgDbOrTx, input: SiteInput): Promise<number> {
  const areaId = input.areaName ? await ensureArea(db, input.areaName) : undefined;
  const coords =
    input.longitude !== undefined && input.latitude !== undefined
      ? {
          longitudeText: String(input.longitude).trim(),
          latitudeText: String(input.latitude).trim(),
          longitude: coordinate(input.longitude),
          latitude: coordinate(input.latitude),
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
  const [row] = await db
    .insert(sites)
    .values({ name: input.name, origin: input.origin, ...set })
    .onConflictDoUpdate({ target: sites.name, set })
    .returning({ id: sites.id });
  return row!.id;
}

export async function listLines(db: PgDbOrTx) {
  return db
    .select({
      id: lines.id,
      name: lines.name,
      areaName: areas.name,
      description: lines.description,
      createTime: lines.createTime,
      origin: lines.origin,
      machineCount: sql<number>`(select count(*)::int from ${machines} where ${machines.lineId} = ${lines.id})`,
    })
    .from(lines)
    .leftJoin(areas, eq(areas.id, lines.areaId))
    .orderBy(lines.name);
}

export async function listSites(db: PgDbOrTx) {
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
      machineCount: sql<number>`(select count(*)::int from ${machines} where ${machines.siteId} = ${sites.id})`,
    })
    .from(sites)
    .leftJoin(lines, eq(lines.id, sites.lineId))
    .leftJoin(areas, eq(areas.id, sites.areaId))
    .orderBy(sites.name);
}

export async function lineExists(db: PgDbOrTx, name: string): Promise<boolean> {
  const rows = await db.select({ id: lines.id }).from(lines).where(eq(lines.name, name)).limit(1);
  return rows.length > 0;
}
