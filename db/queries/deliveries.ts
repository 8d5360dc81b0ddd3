import 'server-only';
import { held, ready } from '../transaction';
import { and, asc, desc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import {
  alertEvents,
  alerts,
  notificationAttempts,
  notificationChannels,
  notificationDeliveries,
  type DeliveryState,
} from '../schema/alerts';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/deliveries';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export type DeliveryRow = typeof notificationDeliveries.$inferSelect;
export type NewDelivery = typeof notificationDeliveries.$inferInsert;

/** Queues a message once: a second insert with the same dedupe key changes nothing. */
export async function queueDelivery(db: DbOrTx, values: NewDelivery): Promise<number | undefined> {
  if (isPg(db)) return onPg.queueDelivery(pgOf(db), values);
  while (held(db)) await ready(db);
  return db
    .insert(notificationDeliveries)
    .values(values)
    .onConflictDoNothing({ target: notificationDeliveries.dedupeKey })
    .returning({ id: notificationDeliveries.id })
    .get()?.id;
}

/** An alert's deliveries (one indexed read): who was told of it, and how it went. */
export async function deliveriesOfAlert(db: DbOrTx, alertId: number) {
  if (isPg(db)) return onPg.deliveriesOfAlert(pgOf(db), alertId);
  while (held(db)) await ready(db);
  return db
    .select()
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.alertId, alertId))
    .all();
}

/** Pending messages whose time has come, oldest first. */
export async function dueDeliveries(db: DbOrTx, o: { now: number; limit: number; skip: number[] }) {
  if (isPg(db)) return onPg.dueDeliveries(pgOf(db), o);
  while (held(db)) await ready(db);
  return db
    .select()
    .from(notificationDeliveries)
    .where(
      and(
        eq(notificationDeliveries.state, 'pending'),
        lte(notificationDeliveries.nextAttemptAt, o.now),
        o.skip.length ? sql`${notificationDeliveries.id} NOT IN ${o.skip}` : undefined,
      ),
    )
    .orderBy(asc(notificationDeliveries.nextAttemptAt), asc(notificationDeliveries.id))
    .limit(o.limit)
    .all();
}

/**
 * Claims a message for one attempt before it is sent: counts the attempt and pushes its next
 * time past any send and wait, so no other process (nor a later tick) sends it meanwhile. A
 * compare-and-set on the attempt count: undefined when someone else claimed it first.
 */
export async function claimDelivery(
  db: DbOrTx,
  o: { id: number; attempts: number; holdUntil: number },
): Promise<DeliveryRow | undefined> {
  if (isPg(db)) return onPg.claimDelivery(pgOf(db), o);
  while (held(db)) await ready(db);
  return db
    .update(notificationDeliveries)
    .set({ attempts: sql`${notificationDeliveries.attempts} + 1`, nextAttemptAt: o.holdUntil })
    .where(
      and(
        eq(notificationDeliveries.id, o.id),
        eq(notificationDeliveries.state, 'pending'),
        eq(notificationDeliveries.attempts, o.attempts),
      ),
    )
    .returning()
    .get();
}

export async function recordAttempt(
  db: DbOrTx,
  a: {
    deliveryId: number;
    at: number;
    ok: boolean;
    status: number | null;
    answer: string;
    durationMs: number;
  },
) {
  if (isPg(db)) {
    await onPg.recordAttempt(pgOf(db), a);
    return;
  }
  while (held(db)) await ready(db);
  db.insert(notificationAttempts).values(a).run();
  db.update(notificationDeliveries)
    .set({ lastStatus: a.status, lastAnswer: a.answer.slice(0, 500) })
    .where(eq(notificationDeliveries.id, a.deliveryId))
    .run();
}

/** Ends messages (a delivery and, for a digest, its members) as delivered or failed. */
export async function finishDeliveries(
  db: DbOrTx,
  o: { ids: number[]; state: Extract<DeliveryState, 'delivered' | 'failed'>; at: number },
) {
  if (isPg(db)) {
    await onPg.finishDeliveries(pgOf(db), o);
    return;
  }
  while (held(db)) await ready(db);
  if (o.ids.length === 0) return;
  db.update(notificationDeliveries)
    .set({ state: o.state, deliveredAt: o.state === 'delivered' ? o.at : null })
    .where(inArray(notificationDeliveries.id, o.ids))
    .run();
}

export async function postponeDelivery(db: DbOrTx, o: { id: number; until: number }) {
  if (isPg(db)) {
    await onPg.postponeDelivery(pgOf(db), o);
    return;
  }
  while (held(db)) await ready(db);
  db.update(notificationDeliveries)
    .set({ nextAttemptAt: o.until })
    .where(eq(notificationDeliveries.id, o.id))
    .run();
}

/** Held messages whose quiet hours have ended and that no digest has taken yet. */
export async function releasedHeld(db: DbOrTx, now: number) {
  if (isPg(db)) return onPg.releasedHeld(pgOf(db), now);
  while (held(db)) await ready(db);
  return db
    .select()
    .from(notificationDeliveries)
    .where(
      and(
        eq(notificationDeliveries.state, 'held'),
        lte(notificationDeliveries.nextAttemptAt, now),
        isNull(notificationDeliveries.payload),
      ),
    )
    .orderBy(asc(notificationDeliveries.id))
    .all();
}

/** Marks held messages as taken by digest `digestId` (they end with it). */
export async function markDigested(db: DbOrTx, o: { ids: number[]; digestId: number }) {
  if (isPg(db)) {
    await onPg.markDigested(pgOf(db), o);
    return;
  }
  while (held(db)) await ready(db);
  db.update(notificationDeliveries)
    .set({ payload: JSON.stringify({ digest: o.digestId }) })
    .where(inArray(notificationDeliveries.id, o.ids))
    .run();
}

/**
 * A channel's health after an attempt, as sendNotice recorded it (lib/notifications/channels:
 * consecutive failures, last success, last failure): read here, never counted a second time.
 */
export async function noteChannelResult(db: DbOrTx, o: { channelId: number }) {
  if (isPg(db)) return onPg.noteChannelResult(pgOf(db), o);
  while (held(db)) await ready(db);
  return db
    .select({ name: notificationChannels.name, failures: notificationChannels.failures })
    .from(notificationChannels)
    .where(eq(notificationChannels.id, o.channelId))
    .get();
}

/** Open, unacknowledged, unsnoozed alerts not yet escalated that started by `startedBy`. */
export async function escalationCandidates(db: DbOrTx, o: { startedBy: number; now: number }) {
  if (isPg(db)) return onPg.escalationCandidates(pgOf(db), o);
  while (held(db)) await ready(db);
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
    .all();
}

export async function alertById(db: DbOrTx, id: number) {
  if (isPg(db)) return onPg.alertById(pgOf(db), id);
  while (held(db)) await ready(db);
  return db.select().from(alerts).where(eq(alerts.id, id)).get();
}

export async function alertsByIds(db: DbOrTx, ids: number[]) {
  if (isPg(db)) return onPg.alertsByIds(pgOf(db), ids);
  while (held(db)) await ready(db);
  if (ids.length === 0) return [];
  return db.select().from(alerts).where(inArray(alerts.id, ids)).all();
}

export async function deliveriesByIds(db: DbOrTx, ids: number[]) {
  if (isPg(db)) return onPg.deliveriesByIds(pgOf(db), ids);
  while (held(db)) await ready(db);
  if (ids.length === 0) return [];
  return db
    .select()
    .from(notificationDeliveries)
    .where(inArray(notificationDeliveries.id, ids))
    .all();
}

export async function markEscalated(db: DbOrTx, o: { alertId: number; at: number }) {
  if (isPg(db)) return onPg.markEscalated(pgOf(db), o);
  while (held(db)) await ready(db);
  return db
    .update(alerts)
    .set({ escalatedAt: o.at, updatedAt: o.at })
    .where(and(eq(alerts.id, o.alertId), isNull(alerts.escalatedAt), eq(alerts.state, 'open')))
    .returning({ id: alerts.id })
    .get();
}

/** The delivery log: newest first (failed first when asked for all), with each attempt. */
export async function listDeliveries(
  db: DbOrTx,
  o: {
    state?: DeliveryState;
    channelId?: number;
    alertId?: number;
    limit: number;
    cursor?: number;
  },
) {
  if (isPg(db)) return onPg.listDeliveries(pgOf(db), o);
  while (held(db)) await ready(db);
  const rows = db
    .select({
      d: notificationDeliveries,
      channelName: notificationChannels.name,
      channelKind: notificationChannels.kind,
      alertKind: alerts.kind,
      assetId: alerts.assetId,
    })
    .from(notificationDeliveries)
    .innerJoin(notificationChannels, eq(notificationChannels.id, notificationDeliveries.channelId))
    .leftJoin(alerts, eq(alerts.id, notificationDeliveries.alertId))
    .where(
      and(
        o.state ? eq(notificationDeliveries.state, o.state) : undefined,
        o.channelId ? eq(notificationDeliveries.channelId, o.channelId) : undefined,
        o.alertId ? eq(notificationDeliveries.alertId, o.alertId) : undefined,
        o.cursor ? lt(notificationDeliveries.id, o.cursor) : undefined,
      ),
    )
    .orderBy(desc(notificationDeliveries.id))
    .limit(o.limit + 1)
    .all();
  const page = rows.slice(0, o.limit);
  const attempts = page.length
    ? db
        .select()
        .from(notificationAttempts)
        .where(
          inArray(
            notificationAttempts.deliveryId,
            page.map((r) => r.d.id),
          ),
        )
        .orderBy(asc(notificationAttempts.at), asc(notificationAttempts.id))
        .all()
    : [];
  return {
    page,
    attempts,
    nextCursor: rows.length > o.limit ? page[page.length - 1]!.d.id : null,
  };
}

export async function addAlertEvent(
  db: DbOrTx,
  e: { alertId: number; at: number; type: string; details?: unknown },
) {
  if (isPg(db)) {
    await onPg.addAlertEvent(pgOf(db), e);
    return;
  }
  while (held(db)) await ready(db);
  db.insert(alertEvents)
    .values({
      alertId: e.alertId,
      at: e.at,
      type: e.type,
      details: e.details === undefined ? null : JSON.stringify(e.details),
    })
    .run();
}

export async function deliveryState(db: DbOrTx, id: number): Promise<DeliveryState | undefined> {
  if (isPg(db)) return onPg.deliveryState(pgOf(db), id);
  while (held(db)) await ready(db);
  return db
    .select({ state: notificationDeliveries.state })
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.id, id))
    .get()?.state;
}
