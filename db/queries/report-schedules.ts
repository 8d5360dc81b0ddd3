import 'server-only';
import { held, ready } from '../transaction';
import { and, asc, eq, isNull, or, sql, lt } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import {
  notificationChannels as c,
  notificationDeliveries as d,
  reportSchedules as s,
} from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/report-schedules';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

/** The channels a schedule may send to (not deleted), for the admin page's choice. */
export async function liveChannels(db: DbOrTx) {
  if (isPg(db)) return onPg.liveChannels(pgOf(db));
  while (held(db)) await ready(db);
  return db
    .select({ id: c.id, kind: c.kind, name: c.name, summary: c.summary })
    .from(c)
    .where(isNull(c.deletedAt))
    .orderBy(asc(c.name), asc(c.id))
    .all();
}

export async function liveChannel(db: DbOrTx, p: { id: number }) {
  if (isPg(db)) return onPg.liveChannel(pgOf(db), p);
  while (held(db)) await ready(db);
  return db
    .select({ id: c.id, name: c.name })
    .from(c)
    .where(and(eq(c.id, p.id), isNull(c.deletedAt)))
    .get();
}

const SCHEDULE = {
  id: s.id,
  report: s.report,
  channelId: s.channelId,
  channelName: c.name,
  channelKind: c.kind,
  /** A deleted channel's schedules stay listed but send nothing. */
  channelDeletedAt: c.deletedAt,
  at: s.at,
  language: s.language,
  lastQueuedFor: s.lastQueuedFor,
  createdAt: s.createdAt,
  createdBy: s.createdBy,
};

/** Live schedules (not deleted), by time of day, with their channel's name. */
export async function listSchedules(db: DbOrTx) {
  if (isPg(db)) return onPg.listSchedules(pgOf(db));
  while (held(db)) await ready(db);
  return db
    .select(SCHEDULE)
    .from(s)
    .innerJoin(c, eq(c.id, s.channelId))
    .where(isNull(s.deletedAt))
    .orderBy(asc(s.at), asc(s.id))
    .all();
}

export type ScheduleRow = Awaited<ReturnType<typeof listSchedules>>[number];

export async function getSchedule(db: DbOrTx, p: { id: number }) {
  if (isPg(db)) return onPg.getSchedule(pgOf(db), p);
  while (held(db)) await ready(db);
  return db
    .select(SCHEDULE)
    .from(s)
    .innerJoin(c, eq(c.id, s.channelId))
    .where(and(eq(s.id, p.id), isNull(s.deletedAt)))
    .get();
}

export async function insertSchedule(db: DbOrTx, row: typeof s.$inferInsert) {
  if (isPg(db)) return onPg.insertSchedule(pgOf(db), row);
  while (held(db)) await ready(db);
  return db.insert(s).values(row).returning({ id: s.id }).get().id;
}

/** Deletes (keeps the row, as deliveries refer to its channel): false when there was none. */
export async function deleteSchedule(db: DbOrTx, p: { id: number; at: number }) {
  if (isPg(db)) return onPg.deleteSchedule(pgOf(db), p);
  while (held(db)) await ready(db);
  const r = db
    .update(s)
    .set({ deletedAt: p.at })
    .where(and(eq(s.id, p.id), isNull(s.deletedAt)))
    .run();
  return r.changes > 0;
}

/**
 * Takes the schedule's `day`: true when this call moved `last_queued_for` to it (nobody had
 * queued that day or a later one). One statement, so two processes cannot both take a day.
 */
export async function claimScheduleDay(db: DbOrTx, p: { id: number; day: string }) {
  if (isPg(db)) return onPg.claimScheduleDay(pgOf(db), p);
  while (held(db)) await ready(db);
  const r = db
    .update(s)
    .set({ lastQueuedFor: p.day })
    .where(
      and(
        eq(s.id, p.id),
        isNull(s.deletedAt),
        or(isNull(s.lastQueuedFor), lt(s.lastQueuedFor, p.day)),
      ),
    )
    .run();
  return r.changes > 0;
}

/** Queues a report's delivery once: a second call with the same key changes nothing. */
export async function queueReportDelivery(
  db: DbOrTx,
  p: {
    dedupeKey: string;
    channelId: number;
    language: 'zh-CN' | 'en';
    payload: string;
    now: number;
  },
) {
  if (isPg(db)) return onPg.queueReportDelivery(pgOf(db), p);
  while (held(db)) await ready(db);
  return (
    db
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
      .onConflictDoNothing({ target: d.dedupeKey })
      .run().changes > 0
  );
}

/** Report deliveries of a schedule (tests, the admin page's last sends). */
export async function reportDeliveries(db: DbOrTx, p: { scheduleId: number }) {
  if (isPg(db)) return onPg.reportDeliveries(pgOf(db), p);
  while (held(db)) await ready(db);
  return db
    .select({ id: d.id, dedupeKey: d.dedupeKey, state: d.state, createdAt: d.createdAt })
    .from(d)
    .where(sql`${d.dedupeKey} like ${`report:${p.scheduleId}:%`}`)
    .orderBy(asc(d.id))
    .all();
}
