import 'server-only';
import { held, ready } from '../transaction';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { inChunks } from '../chunks';
import { prepared } from '../prepared';
import {
  machineApps,
  machineEvents,
  machineFaults,
  machineStatus,
  machineVersions,
  temperatureReadings,
} from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/status';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export type StatusRow = typeof machineStatus.$inferSelect;
export type StatusPatch = Partial<Omit<StatusRow, 'assetId' | 'updatedAt'>>;
export type NewEvent = typeof machineEvents.$inferInsert;
export type NewTemperature = typeof temperatureReadings.$inferInsert;

export async function getStatus(db: DbOrTx, assetId: string): Promise<StatusRow | undefined> {
  if (isPg(db)) return onPg.getStatus(pgOf(db), assetId);
  while (held(db)) await ready(db);
  return db.select().from(machineStatus).where(eq(machineStatus.assetId, assetId)).get();
}

/** Writes only the fields in the patch; the rest stay as they were. */
export async function patchStatus(db: DbOrTx, assetId: string, patch: StatusPatch, at: number) {
  if (isPg(db)) {
    await onPg.patchStatus(pgOf(db), assetId, patch, at);
    return;
  }
  while (held(db)) await ready(db);
  db.insert(machineStatus)
    .values({ assetId, ...patch, updatedAt: at })
    .onConflictDoUpdate({ target: machineStatus.assetId, set: { ...patch, updatedAt: at } })
    .run();
}

/** Many rows a statement, in chunks: a push may carry thousands of shelves (D62). */
export async function insertEvents(db: DbOrTx, events: NewEvent[]) {
  if (isPg(db)) {
    await onPg.insertEvents(pgOf(db), events);
    return;
  }
  while (held(db)) await ready(db);
  inChunks(machineEvents, events, (rows) => db.insert(machineEvents).values(rows).run());
}

export async function openFaults(db: DbOrTx, assetId: string) {
  if (isPg(db)) return onPg.openFaults(pgOf(db), assetId);
  while (held(db)) await ready(db);
  return db
    .select()
    .from(machineFaults)
    .where(and(eq(machineFaults.assetId, assetId), isNull(machineFaults.clearedAt)))
    .all();
}

export async function raiseFault(
  db: DbOrTx,
  f: { assetId: string; cid: string; pcode: string; ccode: string; at: number },
) {
  if (isPg(db)) {
    await onPg.raiseFault(pgOf(db), f);
    return;
  }
  while (held(db)) await ready(db);
  db.insert(machineFaults)
    .values({ assetId: f.assetId, cid: f.cid, pcode: f.pcode, ccode: f.ccode, raisedAt: f.at })
    .run();
}

export async function clearFault(db: DbOrTx, id: number, at: number) {
  if (isPg(db)) {
    await onPg.clearFault(pgOf(db), id, at);
    return;
  }
  while (held(db)) await ready(db);
  db.update(machineFaults).set({ clearedAt: at }).where(eq(machineFaults.id, id)).run();
}

export async function insertTemperatures(db: DbOrTx, rows: NewTemperature[]) {
  if (isPg(db)) {
    await onPg.insertTemperatures(pgOf(db), rows);
    return;
  }
  while (held(db)) await ready(db);
  inChunks(temperatureReadings, rows, (chunk) =>
    db.insert(temperatureReadings).values(chunk).run(),
  );
}

export async function replaceVersions(
  db: DbOrTx,
  assetId: string,
  rows: { name: string; type: string; value?: string }[],
  at: number,
) {
  if (isPg(db)) {
    await onPg.replaceVersions(pgOf(db), assetId, rows, at);
    return;
  }
  while (held(db)) await ready(db);
  db.delete(machineVersions).where(eq(machineVersions.assetId, assetId)).run();
  const values = rows.map((r) => ({
    assetId,
    name: r.name,
    type: r.type,
    value: r.value,
    updatedAt: at,
  }));
  inChunks(machineVersions, values, (chunk) =>
    db.insert(machineVersions).values(chunk).onConflictDoNothing().run(),
  );
}

export async function replaceApps(
  db: DbOrTx,
  assetId: string,
  rows: { name: string; version?: string }[],
  at: number,
) {
  if (isPg(db)) {
    await onPg.replaceApps(pgOf(db), assetId, rows, at);
    return;
  }
  while (held(db)) await ready(db);
  db.delete(machineApps).where(eq(machineApps.assetId, assetId)).run();
  const values = rows.map((r) => ({ assetId, name: r.name, version: r.version, updatedAt: at }));
  inChunks(machineApps, values, (chunk) =>
    db.insert(machineApps).values(chunk).onConflictDoNothing().run(),
  );
}

export async function getShelfState(db: Db, assetId: string, cid: string, locationId: string) {
  if (isPg(db)) return onPg.getShelfState(pgOf(db), assetId, cid, locationId);
  while (held(db)) await ready(db);
  const row = prepared(db).shelfState.get({ assetId, cid, locationId });
  return (
    row && {
      soldOut: Boolean(row.soldOut),
      soldoutTime: row.soldoutTime,
      /** When a status last named the shelf. */
      stateUpdatedAt: row.stateUpdatedAt,
    }
  );
}

/** Sets a shelf's sold-out state, creating the shelf (outside the planogram) if unknown. */
export async function setShelfState(
  db: Db,
  s: {
    assetId: string;
    cid: string;
    locationId: string;
    soldOut: boolean;
    soldoutTime: number | null;
    at: number;
  },
) {
  if (isPg(db)) {
    await onPg.setShelfState(pgOf(db), s);
    return;
  }
  while (held(db)) await ready(db);
  const statements = prepared(db);
  statements.ensureContainer.run({ assetId: s.assetId, cid: s.cid });
  statements.upsertShelfState.run({ ...s, soldOut: s.soldOut ? 1 : 0 });
}

export async function machineVersionRows(db: DbOrTx, assetId: string) {
  if (isPg(db)) return onPg.machineVersionRows(pgOf(db), assetId);
  while (held(db)) await ready(db);
  return db.select().from(machineVersions).where(eq(machineVersions.assetId, assetId)).all();
}

export async function machineAppRows(db: DbOrTx, assetId: string) {
  if (isPg(db)) return onPg.machineAppRows(pgOf(db), assetId);
  while (held(db)) await ready(db);
  return db.select().from(machineApps).where(eq(machineApps.assetId, assetId)).all();
}

/** The latest reading of each container. */
export async function latestTemperatures(db: DbOrTx, assetId: string) {
  if (isPg(db)) return onPg.latestTemperatures(pgOf(db), assetId);
  while (held(db)) await ready(db);
  return db
    .select()
    .from(temperatureReadings)
    .where(
      and(
        eq(temperatureReadings.assetId, assetId),
        sql`${temperatureReadings.id} in (select max(id) from ${temperatureReadings} t2 where t2.asset_id = ${assetId} group by t2.cid)`,
      ),
    )
    .orderBy(temperatureReadings.cid)
    .all();
}

export async function recentFaults(db: DbOrTx, assetId: string, limit = 100) {
  if (isPg(db)) return onPg.recentFaults(pgOf(db), assetId, limit);
  while (held(db)) await ready(db);
  return db
    .select()
    .from(machineFaults)
    .where(eq(machineFaults.assetId, assetId))
    .orderBy(desc(machineFaults.raisedAt), desc(machineFaults.id))
    .limit(limit)
    .all();
}

export async function recentEvents(db: DbOrTx, assetId: string, limit = 200) {
  if (isPg(db)) return onPg.recentEvents(pgOf(db), assetId, limit);
  while (held(db)) await ready(db);
  return db
    .select()
    .from(machineEvents)
    .where(eq(machineEvents.assetId, assetId))
    .orderBy(desc(machineEvents.at), desc(machineEvents.id))
    .limit(limit)
    .all();
}
