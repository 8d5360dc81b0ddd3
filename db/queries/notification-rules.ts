import 'server-only';
import { held, ready } from '../transaction';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../client';
import { appSettings } from '../schema/admin';
import { notificationChannels, notificationRules } from '../schema/alerts';
import { areas, lines } from '../schema/org';
import { machines, sites } from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/notification-rules';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export type RuleRow = typeof notificationRules.$inferSelect;
export type NewRule = typeof notificationRules.$inferInsert;

/** Bumped with every rule change, so each process's cache of the rules knows when to reload. */
const VERSION_KEY = 'notifications.rulesVersion';

export async function rulesVersion(db: DbOrTx): Promise<string> {
  if (isPg(db)) return onPg.rulesVersion(pgOf(db));
  while (held(db)) await ready(db);
  return (
    db
      .select({ v: appSettings.value })
      .from(appSettings)
      .where(eq(appSettings.key, VERSION_KEY))
      .get()?.v ?? '0'
  );
}

/**
 * Tells every process's rule cache to reload. Rule changes call it; so should deleting a
 * channel (a rule to a deleted channel is no longer live), in the same transaction.
 */
export async function bumpRulesVersion(db: DbOrTx, at: number, by: string) {
  if (isPg(db)) {
    await onPg.bumpRulesVersion(pgOf(db), at, by);
    return;
  }
  while (held(db)) await ready(db);
  const v = String(Number(await rulesVersion(db)) + 1);
  while (held(db)) await ready(db);
  db.insert(appSettings)
    .values({ key: VERSION_KEY, value: v, updatedAt: at, updatedBy: by })
    .onConflictDoUpdate({
      target: appSettings.key,
      set: { value: v, updatedAt: at, updatedBy: by },
    })
    .run();
}

/** Rules not deleted whose channel is not deleted either (an escalation to a deleted one is dropped). */
export async function liveRules(db: DbOrTx): Promise<RuleRow[]> {
  if (isPg(db)) return onPg.liveRules(pgOf(db));
  while (held(db)) await ready(db);
  const escalateTo = alias(notificationChannels, 'escalate_to');
  return db
    .select({ rule: notificationRules, escalateDeleted: escalateTo.deletedAt })
    .from(notificationRules)
    .innerJoin(notificationChannels, eq(notificationChannels.id, notificationRules.channelId))
    .leftJoin(escalateTo, eq(escalateTo.id, notificationRules.escalateChannelId))
    .where(and(isNull(notificationRules.deletedAt), isNull(notificationChannels.deletedAt)))
    .orderBy(asc(notificationRules.id))
    .all()
    .map(({ rule, escalateDeleted }) =>
      escalateDeleted === null
        ? rule
        : { ...rule, escalateAfterMinutes: null, escalateChannelId: null },
    );
}

export async function insertRule(db: DbOrTx, values: NewRule): Promise<RuleRow> {
  if (isPg(db)) return onPg.insertRule(pgOf(db), values);
  while (held(db)) await ready(db);
  const row = db.insert(notificationRules).values(values).returning().get();
  await bumpRulesVersion(db, values.createdAt, values.createdBy);
  return row;
}

/** Soft delete (deliveries refer to the rule): the deleted row, or undefined if none was live. */
export async function deleteRule(db: DbOrTx, o: { id: number; at: number; by: string }) {
  if (isPg(db)) return onPg.deleteRule(pgOf(db), o);
  while (held(db)) await ready(db);
  const row = db
    .update(notificationRules)
    .set({ deletedAt: o.at })
    .where(and(eq(notificationRules.id, o.id), isNull(notificationRules.deletedAt)))
    .returning()
    .get();
  if (row) await bumpRulesVersion(db, o.at, o.by);
  return row;
}

/** The live channels among `ids` (for validating a rule). */
export async function liveChannelIds(db: DbOrTx, ids: number[]): Promise<Set<number>> {
  if (isPg(db)) return onPg.liveChannelIds(pgOf(db), ids);
  while (held(db)) await ready(db);
  if (ids.length === 0) return new Set();
  const rows = db
    .select({ id: notificationChannels.id })
    .from(notificationChannels)
    .where(and(inArray(notificationChannels.id, ids), isNull(notificationChannels.deletedAt)))
    .all();
  return new Set(rows.map((r) => r.id));
}

export async function existingLineIds(db: DbOrTx, ids: number[]): Promise<Set<number>> {
  if (isPg(db)) return onPg.existingLineIds(pgOf(db), ids);
  while (held(db)) await ready(db);
  if (ids.length === 0) return new Set();
  const rows = db.select({ id: lines.id }).from(lines).where(inArray(lines.id, ids)).all();
  return new Set(rows.map((r) => r.id));
}

export async function existingAreaIds(db: DbOrTx, ids: number[]): Promise<Set<number>> {
  if (isPg(db)) return onPg.existingAreaIds(pgOf(db), ids);
  while (held(db)) await ready(db);
  if (ids.length === 0) return new Set();
  const rows = db.select({ id: areas.id }).from(areas).where(inArray(areas.id, ids)).all();
  return new Set(rows.map((r) => r.id));
}

/** What the rules form offers: live channels, lines and areas, by name. */
export async function ruleChoices(db: DbOrTx) {
  if (isPg(db)) return onPg.ruleChoices(pgOf(db));
  while (held(db)) await ready(db);
  return {
    channels: db
      .select({
        id: notificationChannels.id,
        name: notificationChannels.name,
        kind: notificationChannels.kind,
      })
      .from(notificationChannels)
      .where(isNull(notificationChannels.deletedAt))
      .orderBy(asc(notificationChannels.name))
      .all(),
    lines: db.select({ id: lines.id, name: lines.name }).from(lines).orderBy(asc(lines.name)).all(),
    areas: db.select({ id: areas.id, name: areas.name }).from(areas).orderBy(asc(areas.name)).all(),
  };
}

/** A machine's place, for matching rules and for the message (one read by primary key). */
export async function machinePlace(db: DbOrTx, assetId: string) {
  if (isPg(db)) return onPg.machinePlace(pgOf(db), assetId);
  while (held(db)) await ready(db);
  return db
    .select({
      name: machines.name,
      lineId: machines.lineId,
      areaId: machines.areaId,
      siteName: sites.name,
      lineName: lines.name,
    })
    .from(machines)
    .leftJoin(sites, eq(sites.id, machines.siteId))
    .leftJoin(lines, eq(lines.id, machines.lineId))
    .where(eq(machines.assetId, assetId))
    .get();
}
