import 'server-only';
import { and, desc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import {
  machineApps,
  machineEvents,
  machineFaults,
  machineStatus,
  machineVersions,
  temperatureReadings,
} from '@/db/engine/postgres/schema';
import type { NewEvent, NewTemperature, StatusPatch, StatusRow } from '@/db/queries/status';

/** PostgreSQL binds at most 65,535 parameters a statement: a push may carry thousands of rows. */
async function inChunks<T>(
  table: PgTable,
  rows: readonly T[],
  write: (chunk: T[]) => Promise<unknown>,
) {
  const size = Math.floor(60_000 / Math.max(1, Object.keys(getTableColumns(table)).length));
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

export async function getStatus(db: PgDbOrTx, assetId: string): Promise<StatusRow | undefined> {
  const [row] = await db.select().from(machineStatus).where(eq(machineStatus.assetId, assetId));
  return row;
}

/** Writes only the fields in the patch; the rest stay as they were. */
export async function patchStatus(
  db: PgDbOrTx,
  assetId: string,
  patch: StatusPatch,
  at: number,
): Promise<void> {
  await db
    .insert(machineStatus)
    .values({ assetId, ...patch, updatedAt: at })
    .onConflictDoUpdate({ target: machineStatus.assetId, set: { ...patch, updatedAt: at } });
}

export async function insertEvents(db: PgDbOrTx, events: NewEvent[]): Promise<void> {
  await inChunks(machineEvents, events, (rows) => db.insert(machineEvents).values(rows));
}

export async function openFaults(db: PgDbOrTx, assetId: string) {
  // SQLite reads them in id order (its table order): said here.
  return db
    .select()
    .from(machineFaults)
    .where(and(eq(machineFaults.assetId, assetId), isNull(machineFaults.clearedAt)))
    .orderBy(machineFaults.id);
}

export async function raiseFault(
  db: PgDbOrTx,
  f: { assetId: string; cid: string; pcode: string; ccode: string; at: number },
): Promise<void> {
  await db
    .insert(machineFaults)
    .values({ assetId: f.assetId, cid: f.cid, pcode: f.pcode, ccode: f.ccode, raisedAt: f.at });
}

export async function clearFault(db: PgDbOrTx, id: number, at: number): Promise<void> {
  await db.update(machineFaults).set({ clearedAt: at }).where(eq(machineFaults.id, id));
}

export async function insertTemperatures(db: PgDbOrTx, rows: NewTemperature[]): Promise<void> {
  await inChunks(temperatureReadings, rows, (chunk) =>
    db.insert(temperatureReadings).values(chunk),
  );
}

export async function replaceVersions(
  db: PgDbOrTx,
  assetId: string,
  rows: { name: string; type: string; value?: string }[],
  at: number,
): Promise<void> {
  await db.delete(machineVersions).where(eq(machineVersions.assetId, assetId));
  const values = rows.map((r) => ({
    assetId,
    name: r.name,
    type: r.type,
    value: r.value,
    updatedAt: at,
  }));
  await inChunks(machineVersions, values, (chunk) =>
    db.insert(machineVersions).values(chunk).onConflictDoNothing(),
  );
}

export async function replaceApps(
  db: PgDbOrTx,
  assetId: string,
  rows: { name: string; version?: string }[],
  at: number,
): Promise<void> {
  await db.delete(machineApps).where(eq(machineApps.assetId, assetId));
  const values = rows.map((r) => ({ assetId, name: r.name, version: r.version, updatedAt: at }));
  await inChunks(machineApps, values, (chunk) =>
    db.insert(machineApps).values(chunk).onConflictDoNothing(),
  );
}

export async function getShelfState(
  db: PgDbOrTx,
  assetId: string,
  cid: string,
  locationId: string,
) {
  const r = await db.execute<{
    sold_out: number;
    soldout_time: number | null;
    state_updated_at: number | null;
  }>(sql`
    select sold_out, soldout_time, state_updated_at from shelves
    where asset_id = ${assetId} and cid = ${cid} and location_id = ${locationId}`);
  const row = r.rows[0];
  return (
    row && {
      soldOut: row.sold_out === 1,
      soldoutTime: row.soldout_time,
      /** When a status last named the shelf. */
      stateUpdatedAt: row.state_updated_at,
    }
  );
}

/**
 * Sets a shelf's sold-out state, creating the shelf (outside the planogram) and its container if
 * unknown: one statement (the container's insert as a CTE), where SQLite runs two.
 */
export async function setShelfState(
  db: PgDbOrTx,
  s: {
    assetId: string;
    cid: string;
    locationId: string;
    soldOut: boolean;
    soldoutTime: number | null;
    at: number;
  },
): Promise<void> {
  await db.execute(sql`
    with c as (
      insert into containers (asset_id, cid) values (${s.assetId}, ${s.cid}) on conflict do nothing)
    insert into shelves (asset_id, cid, location_id, in_planogram, sold_out, soldout_time, state_updated_at)
    values (${s.assetId}, ${s.cid}, ${s.locationId}, 0, ${s.soldOut ? 1 : 0}, ${s.soldoutTime}::bigint, ${s.at})
    on conflict (asset_id, cid, location_id) do update set sold_out = excluded.sold_out,
      soldout_time = excluded.soldout_time, state_updated_at = excluded.state_updated_at`);
}

export async function machineVersionRows(db: PgDbOrTx, assetId: string) {
  // SQLite reads them in its primary key's order (asset_id, name, type): said here.
  return db
    .select()
    .from(machineVersions)
    .where(eq(machineVersions.assetId, assetId))
    .orderBy(machineVersions.name, machineVersions.type);
}

export async function machineAppRows(db: PgDbOrTx, assetId: string) {
  return db
    .select()
    .from(machineApps)
    .where(eq(machineApps.assetId, assetId))
    .orderBy(machineApps.name);
}

/** The latest reading of each container. */
export async function latestTemperatures(db: PgDbOrTx, assetId: string) {
  const latest = db
    .selectDistinctOn([temperatureReadings.cid], { id: temperatureReadings.id })
    .from(temperatureReadings)
    .where(eq(temperatureReadings.assetId, assetId))
    .orderBy(temperatureReadings.cid, desc(temperatureReadings.id));
  return db
    .select()
    .from(temperatureReadings)
    .where(inArray(temperatureReadings.id, latest))
    .orderBy(temperatureReadings.cid);
}

export async function recentFaults(db: PgDbOrTx, assetId: string, limit = 100) {
  return db
    .select()
    .from(machineFaults)
    .where(eq(machineFaults.assetId, assetId))
    .orderBy(desc(machineFaults.raisedAt), desc(machineFaults.id))
    .limit(limit);
}

export async function recentEvents(db: PgDbOrTx, assetId: string, limit = 200) {
  return db
    .select()
    .from(machineEvents)
    .where(eq(machineEvents.assetId, assetId))
    .orderBy(desc(machineEvents.at), desc(machineEvents.id))
    .limit(limit);
}
