import 'server-only';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import {
  appSettings,
  areas,
  lines,
  machines,
  notificationChannels,
  notificationRules,
  sites,
} from '@/db/engine/postgres/schema';
import type { NewRule, RuleRow } from '@/db/queries/notification-rules';
import type { ChannelKind } from '@/db/schema/alerts';

// PostgreSQL's forms of db/queries/notification-rules.ts (documented there).

const VERSION_KEY = 'notifications.rulesVersion';

export async function rulesVersion(db: PgDbOrTx): Promise<string> {
  const [row] = await db
    .select({ v: appSettings.value })
    .from(appSettings)
    .where(eq(appSettings.key, VERSION_KEY));
  return row?.v ?? '0';
}

/**
 * SQLite read the version and wrote it plus one under its single writer. Two processes changing
 * rules at once under READ COMMITTED would both write the same number and one cache would miss
 * a change: the increment is made in the statement, on the row it locks.
 */
export async function bumpRulesVersion(db: PgDbOrTx, at: number, by: string): Promise<void> {
  await db.execute(sql`
    insert into app_settings (key, value, updated_at, updated_by)
    values (${VERSION_KEY}, '1', ${at}, ${by})
    on conflict (key) do update set
      value = (case when app_settings.value ~ '^[0-9]{1,15}$'
        then app_settings.value::bigint + 1 else 1 end)::text,
      updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
}

export async function liveRules(db: PgDbOrTx): Promise<RuleRow[]> {
  const escalateTo = alias(notificationChannels, 'escalate_to');
  const rows = await db
    .select({ rule: notificationRules, escalateDeleted: escalateTo.deletedAt })
    .from(notificationRules)
    .innerJoin(notificationChannels, eq(notificationChannels.id, notificationRules.channelId))
    .leftJoin(escalateTo, eq(escalateTo.id, notificationRules.escalateChannelId))
    .where(and(isNull(notificationRules.deletedAt), isNull(notificationChannels.deletedAt)))
    .orderBy(asc(notificationRules.id));
  return rows.map(({ rule, escalateDeleted }) =>
    escalateDeleted === null
      ? rule
      : { ...rule, escalateAfterMinutes: null, escalateChannelId: null },
  );
}

export async function insertRule(db: PgDbOrTx, values: NewRule): Promise<RuleRow> {
  const [row] = await db.insert(notificationRules).values(values).returning();
  await bumpRulesVersion(db, values.createdAt, values.createdBy);
  return row!;
}

/** Typed as SQLite's: undefined, on both, when no live rule has the id. */
export async function deleteRule(
  db: PgDbOrTx,
  o: { id: number; at: number; by: string },
): Promise<RuleRow> {
  const [row] = await db
    .update(notificationRules)
    .set({ deletedAt: o.at })
    .where(and(eq(notificationRules.id, o.id), isNull(notificationRules.deletedAt)))
    .returning();
  if (row) await bumpRulesVersion(db, o.at, o.by);
  return row!;
}

export async function liveChannelIds(db: PgDbOrTx, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: notificationChannels.id })
    .from(notificationChannels)
    .where(and(inArray(notificationChannels.id, ids), isNull(notificationChannels.deletedAt)));
  return new Set(rows.map((r) => r.id));
}

export async function existingLineIds(db: PgDbOrTx, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: lines.id }).from(lines).where(inArray(lines.id, ids));
  return new Set(rows.map((r) => r.id));
}

export async function existingAreaIds(db: PgDbOrTx, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: areas.id }).from(areas).where(inArray(areas.id, ids));
  return new Set(rows.map((r) => r.id));
}

export async function ruleChoices(db: PgDbOrTx): Promise<{
  channels: { id: number; name: string; kind: ChannelKind }[];
  lines: { id: number; name: string }[];
  areas: { id: number; name: string }[];
}> {
  const [channelRows, lineRows, areaRows] = await Promise.all([
    db
      .select({
        id: notificationChannels.id,
        name: notificationChannels.name,
        kind: notificationChannels.kind,
      })
      .from(notificationChannels)
      .where(isNull(notificationChannels.deletedAt))
      .orderBy(asc(notificationChannels.name)),
    db.select({ id: lines.id, name: lines.name }).from(lines).orderBy(asc(lines.name)),
    db.select({ id: areas.id, name: areas.name }).from(areas).orderBy(asc(areas.name)),
  ]);
  return { channels: channelRows, lines: lineRows, areas: areaRows };
}

export async function machinePlace(
  db: PgDbOrTx,
  assetId: string,
): Promise<
  | {
      name: string | null;
      lineId: number | null;
      areaId: number | null;
      siteName: string | null;
      lineName: string | null;
    }
  | undefined
> {
  const [row] = await db
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
    .where(eq(machines.assetId, assetId));
  return row;
}
