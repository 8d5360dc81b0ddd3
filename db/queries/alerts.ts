import 'server-only';
import { held, ready } from '../transaction';
import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { users } from '../schema/auth';
import { machines } from '../schema/machines';
import { lines, sites } from '../schema/org';
import {
  alertEvents,
  alerts,
  notificationAttempts,
  notificationChannels,
  notificationDeliveries,
  type AlertState,
} from '../schema/alerts';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/alerts';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export interface AlertListParams {
  state?: AlertState;
  kind?: string;
  assetId?: string;
  lineId?: number;
  /** true: only alerts snoozed now; false: only those not snoozed now. */
  snoozed?: boolean;
  limit: number;
  /** The last row of the previous page: keyset over (startedAt, id), newest first. */
  after?: { startedAt: number; id: number };
  now: number;
}

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

type Row = ReturnType<ReturnType<typeof base>['all']>[number];

/** An alert as the API answers it: its details parsed, its snooze and assignee spelled out. */
export interface AlertItem extends Omit<Row, 'details' | 'assigneeId' | 'assigneeName'> {
  details: Record<string, unknown>;
  snoozed: boolean;
  assignee: { id: number; name: string } | null;
}

function item(r: Row, now: number): AlertItem {
  const { details, assigneeId, assigneeName, ...rest } = r;
  let parsed: Record<string, unknown> = {};
  try {
    const v: unknown = JSON.parse(details);
    if (v && typeof v === 'object' && !Array.isArray(v)) parsed = v as Record<string, unknown>;
  } catch {
    // A row written by hand with bad JSON shows no details rather than failing the list.
  }
  return {
    ...rest,
    details: parsed,
    snoozed: r.state !== 'resolved' && r.snoozedUntil !== null && r.snoozedUntil > now,
    assignee: assigneeId === null ? null : { id: assigneeId, name: assigneeName ?? '' },
  };
}

function base(db: DbOrTx) {
  return db
    .select(columns)
    .from(alerts)
    .leftJoin(machines, eq(machines.assetId, alerts.assetId))
    .leftJoin(sites, eq(sites.id, machines.siteId))
    .leftJoin(lines, eq(lines.id, machines.lineId))
    .leftJoin(users, eq(users.id, alerts.assigneeId));
}

/** A page of alerts, newest first, and the cursor of the next page (null at the end). */
export async function listAlerts(db: DbOrTx, p: AlertListParams) {
  if (isPg(db)) return onPg.listAlerts(pgOf(db), p);
  while (held(db)) await ready(db);
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
  const rows = base(db)
    .where(and(...where))
    .orderBy(desc(alerts.startedAt), desc(alerts.id))
    .limit(p.limit + 1)
    .all();
  const page = rows.slice(0, p.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => item(r, p.now)),
    nextCursor: rows.length > p.limit && last ? `${last.startedAt}_${last.id}` : null,
  };
}

export async function getAlert(db: DbOrTx, id: number, now: number): Promise<AlertItem | null> {
  if (isPg(db)) return onPg.getAlert(pgOf(db), id, now);
  while (held(db)) await ready(db);
  const r = base(db).where(eq(alerts.id, id)).get();
  return r ? item(r, now) : null;
}

/** The most deliveries and attempts an alert's page shows (an alert has a handful). */
const MAX_DELIVERIES = 50;
const MAX_ATTEMPTS = 20;

/** An alert with its timeline and the messages sent about it, each with its attempts. */
export async function alertDetail(db: DbOrTx, id: number, now: number) {
  if (isPg(db)) return onPg.alertDetail(pgOf(db), id, now);
  while (held(db)) await ready(db);
  const alert = await getAlert(db, id, now);
  if (!alert) return null;
  while (held(db)) await ready(db);
  const timeline = db
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
    .orderBy(asc(alertEvents.at), asc(alertEvents.id))
    .all()
    .map((e) => ({ ...e, details: e.details ? (JSON.parse(e.details) as unknown) : null }));
  const deliveries = db
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
    .limit(MAX_DELIVERIES)
    .all();
  const ids = deliveries.map((d) => d.id);
  const attempts = ids.length
    ? db
        .select({
          deliveryId: notificationAttempts.deliveryId,
          at: notificationAttempts.at,
          ok: notificationAttempts.ok,
          status: notificationAttempts.status,
          answer: notificationAttempts.answer,
        })
        .from(notificationAttempts)
        .where(inArray(notificationAttempts.deliveryId, ids))
        .orderBy(desc(notificationAttempts.at), desc(notificationAttempts.id))
        .all()
    : [];
  return {
    ...alert,
    timeline,
    deliveries: deliveries.map((d) => ({
      ...d,
      log: attempts
        .filter((a) => a.deliveryId === d.id)
        .slice(0, MAX_ATTEMPTS)
        .map(({ deliveryId: _d, ...a }) => a),
    })),
  };
}

export type AlertDetail = NonNullable<Awaited<ReturnType<typeof alertDetail>>>;

/** The bare row a change starts from (inside its transaction). */
export async function alertState(db: DbOrTx, id: number) {
  if (isPg(db)) return onPg.alertState(pgOf(db), id);
  while (held(db)) await ready(db);
  return db
    .select({
      id: alerts.id,
      state: alerts.state,
      snoozedUntil: alerts.snoozedUntil,
      assigneeId: alerts.assigneeId,
      acknowledgedBy: alerts.acknowledgedBy,
    })
    .from(alerts)
    .where(eq(alerts.id, id))
    .get();
}

export type AlertChange = Partial<
  Pick<
    typeof alerts.$inferInsert,
    | 'state'
    | 'acknowledgedAt'
    | 'acknowledgedById'
    | 'acknowledgedBy'
    | 'ackNote'
    | 'snoozedUntil'
    | 'assigneeId'
    | 'resolvedAt'
    | 'resolvedBy'
    | 'resolveNote'
  >
>;

/** Applies a person's change and writes its line in the timeline (the caller's transaction). */
export async function changeAlert(
  db: DbOrTx,
  id: number,
  change: AlertChange,
  event: { at: number; type: string; by: string; note?: string | null; details?: unknown },
) {
  if (isPg(db)) {
    await onPg.changeAlert(pgOf(db), id, change, event);
    return;
  }
  while (held(db)) await ready(db);
  db.update(alerts)
    .set({ ...change, updatedAt: event.at })
    .where(eq(alerts.id, id))
    .run();
  db.insert(alertEvents)
    .values({
      alertId: id,
      at: event.at,
      type: event.type,
      by: event.by,
      note: event.note ?? null,
      details: event.details === undefined ? null : JSON.stringify(event.details),
    })
    .run();
}

/** Who may be given an alert: active users, by name. */
export async function activeUsers(db: DbOrTx) {
  if (isPg(db)) return onPg.activeUsers(pgOf(db));
  while (held(db)) await ready(db);
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(isNull(users.disabledAt))
    .orderBy(sql`${users.name} collate nocase`, asc(users.id))
    .all();
}

export async function activeUser(db: DbOrTx, id: number) {
  if (isPg(db)) return onPg.activeUser(pgOf(db), id);
  while (held(db)) await ready(db);
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, id), isNull(users.disabledAt)))
    .get();
}
