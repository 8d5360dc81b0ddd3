import 'server-only';
import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import {
  notificationChannels as c,
  notificationDeliveries as d,
  reportSchedules as s,
} from '@/db/engine/postgres/schema';
import type { ScheduleRow } from '@/db/queries/report-schedules';
import type { ChannelKind, DeliveryState, reportSchedules } from '@/db/schema/alerts';

// PostgreSQL's forms of db/queries/report-schedules.ts (documented there).

export async function liveChannels(
  db: PgDbOrTx,
): Promise<{ id: number; kind: ChannelKind; name: string; summary: string }[]> {
  return db
    .select({ id: c.id, kind: c.kind, name: c.name, summary: c.summary })
    .from(c)
    .where(isNull(c.deletedAt))
    .orderBy(asc(c.name), asc(c.id));
}

export async function liveChannel(
  db: PgDbOrTx,
  p: { id: number },
): Promise<{ id: number; name: string } | undefined> {
  const [row] = await db
    .select({ id: c.id, name: c.name })
    .from(c)
    .where(and(eq(c.id, p.id), isNull(c.deletedAt)));
  return row;
}

const SCHEDULE = {
  id: s.id,
  report: s.report,
  channelId: s.channelId,
  channelName: c.name,
  channelKind: c.kind,
  channelDeletedAt: c.deletedAt,
  at: s.at,
  language: s.language,
  lastQueuedFor: s.lastQueuedFor,
  createdAt: s.createdAt,
  createdBy: s.createdBy,
};

export async function listSchedules(db: PgDbOrTx): Promise<ScheduleRow[]> {
  return db
    .select(SCHEDULE)
    .from(s)
    .innerJoin(c, eq(c.id, s.channelId))
    .where(isNull(s.deletedAt))
    .orderBy(asc(s.at), asc(s.id));
}

export async function getSchedule(
  db: PgDbOrTx,
  p: { id: number },
): Promise<ScheduleRow | undefined> {
  const [row] = await db
    .select(SCHEDULE)
    .from(s)
    .innerJoin(c, eq(c.id, s.channelId))
    .where(and(eq(s.id, p.id), isNull(s.deletedAt)));
  return row;
}

export async function insertSchedule(
  db: PgDbOrTx,
  row: typeof reportSchedules.$inferInsert,
): Promise<number> {
  const [inserted] = await db.insert(s).values(row).returning({ id: s.id });
  return inserted!.id;
}

export async function deleteSchedule(
  db: PgDbOrTx,
  p: { id: number; at: number },
): Promise<boolean> {
  const r = await db
    .update(s)
    .set({ deletedAt: p.at })
    .where(and(eq(s.id, p.id), isNull(s.deletedAt)));
  return (r.rowCount ?? 0) > 0;
}

/**
 * One statement, as on SQLite; under READ COMMITTED a second process's UPDATE waits for the
 * first's row lock, then re-checks `last_queued_for < day` against the committed row and
 * changes nothing: one of them takes the day.
 */
export async function claimScheduleDay(
  db: PgDbOrTx,
  p: { id: number; day: string },
): Promise<boolean> {
  const r = await db
    .update(s)
    .set({ lastQueuedFor: p.day })
    .where(
      and(
        eq(s.id, p.id),
        isNull(s.deletedAt),
        or(isNull(s.lastQueuedFor), lt(s.lastQueuedFor, p.day)),
      ),
    );
  return (r.rowCount ?? 0) > 0;
}

export async function queueReportDelivery(
  db: PgDbOrTx,
  p: {
    dedupeKey: string;
    channelId: number;
    language: 'zh-CN' | 'en';
    payload: string;
    now: number;
  },
): Promise<boolean> {
  const r = await db
    .insert(d)
    .values({
      dedupeKey: p.dedupeKey,
      channelId: p.channelId,
      transition: 'report',
      language: p.language,
      state: 'pending',
      payload: p.payload,
      nextAttemptAt: p.now,
      createdAt: p.now,
    })
    .onConflictDoNothing({ target: d.dedupeKey });
  return (r.rowCount ?? 0) > 0;
}

/** A prefix of the "C"-collated unique key: a range of notification_deliveries_dedupe_uq. */
export async function reportDeliveries(
  db: PgDbOrTx,
  p: { scheduleId: number },
): Promise<{ id: number; dedupeKey: string; state: DeliveryState; createdAt: number }[]> {
  return db
    .select({ id: d.id, dedupeKey: d.dedupeKey, state: d.state, createdAt: d.createdAt })
    .from(d)
    .where(sql`${d.dedupeKey} like ${`report:${p.scheduleId}:%`}`)
    .orderBy(asc(d.id));
}
