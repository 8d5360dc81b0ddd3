import 'server-only';
import { and, asc, desc, eq, inArray, isNull, lt, lte, notInArray, or, sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import {
  alertEvents,
  alerts,
  notificationAttempts,
  notificationChannels,
  notificationDeliveries as d,
} from '@/db/engine/postgres/schema';
import type { DeliveryRow, NewDelivery } from '@/db/queries/deliveries';
import type {
  alerts as liteAlerts,
  notificationAttempts as liteAttempts,
  ChannelKind,
  DeliveryState,
} from '@/db/schema/alerts';

// PostgreSQL's forms of db/queries/deliveries.ts (documented there): the notification outbox.
// Rows come in the order SQLite's plans give them (by id where it reads an index or ids).

type AlertRow = typeof liteAlerts.$inferSelect;
type AttemptRow = typeof liteAttempts.$inferSelect;

export async function queueDelivery(
  db: PgDbOrTx,
  values: NewDelivery,
): Promise<number | undefined> {
  const [row] = await db
    .insert(d)
    .values(values)
    .onConflictDoNothing({ target: d.dedupeKey })
    .returning({ id: d.id });
  return row?.id;
}

export async function deliveriesOfAlert(db: PgDbOrTx, alertId: number): Promise<DeliveryRow[]> {
  return db.select().from(d).where(eq(d.alertId, alertId)).orderBy(asc(d.id));
}

/**
 * A plain read, not a lock: each row is then claimed on its own (claimDelivery), which is what
 * keeps two processes from sending one message.
 */
export async function dueDeliveries(
  db: PgDbOrTx,
  o: { now: number; limit: number; skip: number[] },
): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(d)
    .where(
      and(
        eq(d.state, 'pending'),
        lte(d.nextAttemptAt, o.now),
        o.skip.length ? notInArray(d.id, o.skip) : undefined,
      ),
    )
    .orderBy(asc(d.nextAttemptAt), asc(d.id))
    .limit(o.limit);
}

/**
 * SQLite's compare-and-set ran under BEGIN IMMEDIATE, one writer at a time. Here the row is
 * taken with FOR UPDATE SKIP LOCKED: a process claiming a message another process is claiming
 * (or recording) this instant gets undefined at once ("claimed elsewhere", the worker leaves
 * it) instead of queueing behind that transaction; the attempt count, re-checked on the locked
 * row's newest version, still refuses a claim someone made since the message was read.
 */
export async function claimDelivery(
  db: PgDbOrTx,
  o: { id: number; attempts: number; holdUntil: number },
): Promise<DeliveryRow | undefined> {
  const [row] = await db
    .update(d)
    .set({ attempts: sql`${d.attempts} + 1`, nextAttemptAt: o.holdUntil })
    .where(
      eq(
        d.id,
        sql`(select id from notification_deliveries where id = ${o.id} and state = 'pending'
          and attempts = ${o.attempts} for update skip locked)`,
      ),
    )
    .returning();
  return row;
}

/** The attempt and the delivery's last answer in one statement (a data-modifying WITH). */
export async function recordAttempt(
  db: PgDbOrTx,
  a: {
    deliveryId: number;
    at: number;
    ok: boolean;
    status: number | null;
    answer: string;
    durationMs: number;
  },
): Promise<void> {
  await db.execute(sql`
    with attempt as (
      insert into notification_attempts (delivery_id, at, ok, status, answer, duration_ms)
      values (${a.deliveryId}, ${a.at}, ${a.ok}, ${a.status}, ${a.answer}, ${a.durationMs}))
    update notification_deliveries
    set last_status = ${a.status}, last_answer = ${a.answer.slice(0, 500)}
    where id = ${a.deliveryId}`);
}

export async function finishDeliveries(
  db: PgDbOrTx,
  o: { ids: number[]; state: Extract<DeliveryState, 'delivered' | 'failed'>; at: number },
): Promise<void> {
  if (o.ids.length === 0) return;
  await db
    .update(d)
    .set({ state: o.state, deliveredAt: o.state === 'delivered' ? o.at : null })
    .where(inArray(d.id, o.ids));
}

export async function postponeDelivery(
  db: PgDbOrTx,
  o: { id: number; until: number },
): Promise<void> {
  await db.update(d).set({ nextAttemptAt: o.until }).where(eq(d.id, o.id));
}

/**
 * SQLite built a digest under BEGIN IMMEDIATE, so no other process read the same held messages
 * meanwhile. Here, inside the caller's transaction, the rows are locked FOR UPDATE SKIP LOCKED:
 * a second process building digests at once skips the messages the first has taken (and finds
 * them digested once it commits). Outside a transaction the lock ends with the statement.
 */
export async function releasedHeld(db: PgDbOrTx, now: number): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(d)
    .where(and(eq(d.state, 'held'), lte(d.nextAttemptAt, now), isNull(d.payload)))
    .orderBy(asc(d.id))
    .for('update', { skipLocked: true });
}

export async function markDigested(
  db: PgDbOrTx,
  o: { ids: number[]; digestId: number },
): Promise<void> {
  await db
    .update(d)
    .set({ payload: JSON.stringify({ digest: o.digestId }) })
    .where(inArray(d.id, o.ids));
}

export async function noteChannelResult(
  db: PgDbOrTx,
  o: { channelId: number },
): Promise<{ name: string; failures: number } | undefined> {
  const [row] = await db
    .select({ name: notificationChannels.name, failures: notificationChannels.failures })
    .from(notificationChannels)
    .where(eq(notificationChannels.id, o.channelId));
  return row;
}

/** By start, as SQLite reads them off alerts_state_started_idx. */
export async function escalationCandidates(
  db: PgDbOrTx,
  o: { startedBy: number; now: number },
): Promise<AlertRow[]> {
  return db
    .select()
    .from(alerts)
    .where(
      and(
        eq(alerts.state, 'open'),
        lte(alerts.startedAt, o.startedBy),
        isNull(alerts.escalatedAt),
        or(isNull(alerts.snoozedUntil), lte(alerts.snoozedUntil, o.now)),
      ),
    )
    .orderBy(asc(alerts.startedAt), asc(alerts.id));
}

export async function alertById(db: PgDbOrTx, id: number): Promise<AlertRow | undefined> {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
  return row;
}

export async function alertsByIds(db: PgDbOrTx, ids: number[]): Promise<AlertRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(alerts).where(inArray(alerts.id, ids)).orderBy(asc(alerts.id));
}

export async function deliveriesByIds(db: PgDbOrTx, ids: number[]): Promise<DeliveryRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(d).where(inArray(d.id, ids)).orderBy(asc(d.id));
}

/** Typed as SQLite's: undefined, on both, when the alert was escalated or closed already. */
export async function markEscalated(
  db: PgDbOrTx,
  o: { alertId: number; at: number },
): Promise<{ id: number }> {
  const [row] = await db
    .update(alerts)
    .set({ escalatedAt: o.at, updatedAt: o.at })
    .where(and(eq(alerts.id, o.alertId), isNull(alerts.escalatedAt), eq(alerts.state, 'open')))
    .returning({ id: alerts.id });
  return row!;
}

export interface DeliveryLogRow {
  d: DeliveryRow;
  channelName: string;
  channelKind: ChannelKind;
  alertKind: string | null;
  assetId: string | null;
}

export async function listDeliveries(
  db: PgDbOrTx,
  o: {
    state?: DeliveryState;
    channelId?: number;
    alertId?: number;
    limit: number;
    cursor?: number;
  },
): Promise<{ page: DeliveryLogRow[]; attempts: AttemptRow[]; nextCursor: number | null }> {
  const rows = await db
    .select({
      d,
      channelName: notificationChannels.name,
      channelKind: notificationChannels.kind,
      alertKind: alerts.kind,
      assetId: alerts.assetId,
    })
    .from(d)
    .innerJoin(notificationChannels, eq(notificationChannels.id, d.channelId))
    .leftJoin(alerts, eq(alerts.id, d.alertId))
    .where(
      and(
        o.state ? eq(d.state, o.state) : undefined,
        o.channelId ? eq(d.channelId, o.channelId) : undefined,
        o.alertId ? eq(d.alertId, o.alertId) : undefined,
        o.cursor ? lt(d.id, o.cursor) : undefined,
      ),
    )
    .orderBy(desc(d.id))
    .limit(o.limit + 1);
  const page = rows.slice(0, o.limit);
  const attempts = page.length
    ? await db
        .select()
        .from(notificationAttempts)
        .where(
          inArray(
            notificationAttempts.deliveryId,
            page.map((r) => r.d.id),
          ),
        )
        .orderBy(asc(notificationAttempts.at), asc(notificationAttempts.id))
    : [];
  return {
    page,
    attempts,
    nextCursor: rows.length > o.limit ? page[page.length - 1]!.d.id : null,
  };
}

export async function addAlertEvent(
  db: PgDbOrTx,
  e: { alertId: number; at: number; type: string; details?: unknown },
): Promise<void> {
  await db.insert(alertEvents).values({
    alertId: e.alertId,
    at: e.at,
    type: e.type,
    details: e.details === undefined ? null : JSON.stringify(e.details),
  });
}

export async function deliveryState(db: PgDbOrTx, id: number): Promise<DeliveryState | undefined> {
  const [row] = await db.select({ state: d.state }).from(d).where(eq(d.id, id));
  return row?.state;
}
