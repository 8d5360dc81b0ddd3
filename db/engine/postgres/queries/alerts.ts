import 'server-only';
import { and, asc, desc, eq, gt, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import type { AlertChange, AlertItem, AlertListParams } from '@/db/queries/alerts';
import {
  alertEvents,
  alerts,
  lines,
  machines,
  notificationAttempts,
  notificationChannels,
  notificationDeliveries,
  sites,
  users,
} from '@/db/engine/postgres/schema';

/*
 * The alert pages' reads and a person's changes (db/queries/alerts.ts). The list is a keyset
 * over (started_at, id), newest first, as on SQLite; alerts.details is jsonb, read back as JSON
 * text (jsonb's key order and spacing, D99) and parsed here as there.
 */
const columns = {
  id: alerts.id,
  kind: alerts.kind,
  assetId: alerts.assetId,
  subject: alerts.subject,
  state: alerts.state,
  startedAt: alerts.startedAt,
  lastSeenAt: alerts.lastSeenAt,
  resolvedAt: alerts.resolvedAt,
  details: alerts.details,
  acknowledgedAt: alerts.acknowledgedAt,
  acknowledgedBy: alerts.acknowledgedBy,
  ackNote: alerts.ackNote,
  snoozedUntil: alerts.snoozedUntil,
  assigneeId: alerts.assigneeId,
  assigneeName: users.name,
  resolvedBy: alerts.resolvedBy,
  resolveNote: alerts.resolveNote,
  escalatedAt: alerts.escalatedAt,
  updatedAt: alerts.updatedAt,
  name: machines.name,
  siteName: sites.name,
  lineId: machines.lineId,
  lineName: lines.name,
};

function base(db: PgDbOrTx) {
  return db
    .select(columns)
    .from(alerts)
    .leftJoin(machines, eq(machines.assetId, alerts.assetId))
    .leftJoin(sites, eq(sites.id, machines.siteId))
    .leftJoin(lines, eq(lines.id, machines.lineId))
    .leftJoin(users, eq(users.id, alerts.assigneeId))
    .$dynamic();
}

type Row = Awaited<ReturnType<typeof base>>[number];

function item(r: Row, now: number): AlertItem {
  const { details, assigneeId, assigneeName, ...rest } = r;
  let parsed: Record<string, unknown> = {};
  try {
    const v: unknown = JSON.parse(details);
    if (v && typeof v === 'object' && !Array.isArray(v)) parsed = v as Record<string, unknown>;
  } catch {
    // As on SQLite: bad JSON shows no details rather than failing the list.
  }
  return {
    ...rest,
    details: parsed,
    snoozed: r.state !== 'resolved' && r.snoozedUntil !== null && r.snoozedUntil > now,
    assignee: assigneeId === null ? null : { id: assigneeId, name: assigneeName ?? '' },
  };
}

/** A page of alerts, newest first, and the cursor of the next page (null at the end). */
export async function listAlerts(db: PgDbOrTx, p: AlertListParams) {
  const where: SQL[] = [];
  if (p.state) where.push(eq(alerts.state, p.state));
  if (p.kind) where.push(eq(alerts.kind, p.kind));
  if (p.assetId) where.push(eq(alerts.assetId, p.assetId));
  if (p.lineId !== undefined) where.push(eq(machines.lineId, p.lineId));
  if (p.snoozed === true) where.push(gt(alerts.snoozedUntil, p.now));
  if (p.snoozed === false)
    where.push(or(isNull(alerts.snoozedUntil), lte(alerts.snoozedUntil, p.now))!);
  if (p.after)
    where.push(
      or(
        lt(alerts.startedAt, p.after.startedAt),
        and(eq(alerts.startedAt, p.after.startedAt), lt(alerts.id, p.after.id)),
      )!,
    );
  const rows = await base(db)
    .where(and(...where))
    .orderBy(desc(alerts.startedAt), desc(alerts.id))
    .limit(p.limit + 1);
  const page = rows.slice(0, p.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => item(r, p.now)),
    nextCursor: rows.length > p.limit && last ? `${last.startedAt}_${last.id}` : null,
  };
}

export async function getAlert(db: PgDbOrTx, id: number, now: number): Promise<AlertItem | null> {
  const [r] = await base(db).where(eq(alerts.id, id)).limit(1);
  return r ? item(r, now) : null;
}

const MAX_DELIVERIES = 50;
const MAX_ATTEMPTS = 20;

/**
 * An alert with its timeline and the messages sent about it, each with its last attempts. The
 * four reads go out together (one round trip's wait on the pool); the attempts are cut to
 * MAX_ATTEMPTS per delivery in SQL rather than carried over and dropped.
 */
export async function alertDetail(db: PgDbOrTx, id: number, now: number) {
  const shown = db
    .select({ id: notificationDeliveries.id })
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.alertId, id))
    .orderBy(asc(notificationDeliveries.createdAt), asc(notificationDeliveries.id))
    .limit(MAX_DELIVERIES);
  const [alert, events, deliveries, attempts] = await Promise.all([
    getAlert(db, id, now),
    db
      .select({
        id: alertEvents.id,
        at: alertEvents.at,
        type: alertEvents.type,
        by: alertEvents.by,
        note: alertEvents.note,
        details: alertEvents.details,
      })
      .from(alertEvents)
      .where(eq(alertEvents.alertId, id))
      .orderBy(asc(alertEvents.at), asc(alertEvents.id)),
    db
      .select({
        id: notificationDeliveries.id,
        channelId: notificationDeliveries.channelId,
        channelName: notificationChannels.name,
        channelKind: notificationChannels.kind,
        transition: notificationDeliveries.transition,
        state: notificationDeliveries.state,
        attempts: notificationDeliveries.attempts,
        createdAt: notificationDeliveries.createdAt,
        deliveredAt: notificationDeliveries.deliveredAt,
        nextAttemptAt: notificationDeliveries.nextAttemptAt,
        lastStatus: notificationDeliveries.lastStatus,
        lastAnswer: notificationDeliveries.lastAnswer,
      })
      .from(notificationDeliveries)
      .leftJoin(notificationChannels, eq(notificationChannels.id, notificationDeliveries.channelId))
      .where(eq(notificationDeliveries.alertId, id))
      .orderBy(asc(notificationDeliveries.createdAt), asc(notificationDeliveries.id))
      .limit(MAX_DELIVERIES),
    db.execute<{
      deliveryId: number;
      at: number;
      ok: boolean;
      status: number | null;
      answer: string | null;
    }>(sql`
      select "deliveryId", at, ok, status, answer from (
        select a.delivery_id as "deliveryId", a.at, a.ok, a.status, a.answer,
          row_number() over (partition by a.delivery_id order by a.at desc, a.id desc) as n
        from ${notificationAttempts} a where a.delivery_id in (${shown})) x
      where n <= ${MAX_ATTEMPTS} order by "deliveryId", n`),
  ]);
  if (!alert) return null;
  const timeline = events.map((e) => ({
    ...e,
    details: e.details ? (JSON.parse(e.details) as unknown) : null,
  }));
  return {
    ...alert,
    timeline,
    deliveries: deliveries.map((d) => ({
      ...d,
      log: attempts.rows.filter((a) => a.deliveryId === d.id).map(({ deliveryId: _d, ...a }) => a),
    })),
  };
}

/** The bare row a change starts from (inside its transaction). */
export async function alertState(db: PgDbOrTx, id: number) {
  const [row] = await db
    .select({
      id: alerts.id,
      state: alerts.state,
      snoozedUntil: alerts.snoozedUntil,
      assigneeId: alerts.assigneeId,
      acknowledgedBy: alerts.acknowledgedBy,
    })
    .from(alerts)
    .where(eq(alerts.id, id))
    .limit(1);
  return row;
}

/**
 * Applies a person's change and writes its line in the timeline: one statement (a
 * data-modifying WITH), so one round trip; the caller's transaction holds it with the rest.
 */
export async function changeAlert(
  db: PgDbOrTx,
  id: number,
  change: AlertChange,
  event: { at: number; type: string; by: string; note?: string | null; details?: unknown },
): Promise<void> {
  const update = db
    .update(alerts)
    .set({ ...change, updatedAt: event.at })
    .where(eq(alerts.id, id));
  const insert = db.insert(alertEvents).values({
    alertId: id,
    at: event.at,
    type: event.type,
    by: event.by,
    note: event.note ?? null,
    details: event.details === undefined ? null : JSON.stringify(event.details),
  });
  await db.execute(sql`with changed as (${update.getSQL()}) ${insert.getSQL()}`);
}

/** Who may be given an alert: active users, by name with ASCII case folded (SQLite's NOCASE). */
export async function activeUsers(db: PgDbOrTx) {
  // lower() of COLLATE "C" text folds ASCII letters only, as NOCASE does.
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(isNull(users.disabledAt))
    .orderBy(sql`lower(${users.name})`, asc(users.id));
}

export async function activeUser(db: PgDbOrTx, id: number) {
  const [row] = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, id), isNull(users.disabledAt)))
    .limit(1);
  return row;
}
