import 'server-only';
import { held, ready } from '../transaction';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { perClient } from '../statements';
import { alertConditions, alertEvents, alerts, type AlertState } from '../schema/alerts';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/alert-records';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

/**
 * The evaluator's reads and writes of alert records (lib/alerts). The lifecycle's own (ack,
 * snooze, assign) live beside the alert pages.
 */
export interface LiveAlert {
  id: number;
  kind: string;
  assetId: string | null;
  subject: string;
  conditionKey: string;
  details: string;
  lastSeenAt: number;
}

export interface PendingCondition {
  conditionKey: string;
  kind: string;
  assetId: string | null;
  subject: string;
  firstSeenAt: number | null;
  clearSince: number | null;
}

/** Which conditions a look covers: some kinds, of some machines (null: all, and the app's own). */
export type Machines = readonly string[] | null;

/**
 * The unresolved states, named rather than `<> 'resolved'`, so the state indexes answer with
 * two ranges instead of a scan of every alert ever resolved.
 */
const LIVE: AlertState[] = ['open', 'acknowledged'];

export interface Scope {
  kinds: readonly string[];
  assetIds: Machines;
}

const inAssets = (col: typeof alerts.assetId | typeof alertConditions.assetId, s: Scope) =>
  s.assetIds === null
    ? undefined
    : sql`${col} in (select value from json_each(${JSON.stringify(s.assetIds)}))`;

/** What the evaluator reads of a live alert. */
const LIVE_COLUMNS = {
  id: alerts.id,
  kind: alerts.kind,
  assetId: alerts.assetId,
  subject: alerts.subject,
  conditionKey: alerts.conditionKey,
  details: alerts.details,
  lastSeenAt: alerts.lastSeenAt,
};

/** Unresolved alerts in a scope (the partial unique index's rows: open or acknowledged). */
export async function liveAlerts(db: DbOrTx, s: Scope): Promise<LiveAlert[]> {
  if (isPg(db)) return onPg.liveAlerts(pgOf(db), s);
  while (held(db)) await ready(db);
  return db
    .select(LIVE_COLUMNS)
    .from(alerts)
    .where(
      and(
        inArray(alerts.state, LIVE),
        inArray(alerts.kind, [...s.kinds]),
        inAssets(alerts.assetId, s),
      ),
    )
    .all();
}

export async function liveAlertByKey(db: DbOrTx, key: string): Promise<LiveAlert | undefined> {
  if (isPg(db)) return onPg.liveAlertByKey(pgOf(db), key);
  while (held(db)) await ready(db);
  return (
    db
      .select(LIVE_COLUMNS)
      .from(alerts)
      // `<> 'resolved'` as the partial unique index says, so that index answers.
      .where(and(eq(alerts.conditionKey, key), ne(alerts.state, 'resolved')))
      .get()
  );
}

export async function pendingConditions(db: DbOrTx, s: Scope): Promise<PendingCondition[]> {
  if (isPg(db)) return onPg.pendingConditions(pgOf(db), s);
  while (held(db)) await ready(db);
  return db
    .select({
      conditionKey: alertConditions.conditionKey,
      kind: alertConditions.kind,
      assetId: alertConditions.assetId,
      subject: alertConditions.subject,
      firstSeenAt: alertConditions.firstSeenAt,
      clearSince: alertConditions.clearSince,
    })
    .from(alertConditions)
    .where(and(inArray(alertConditions.kind, [...s.kinds]), inAssets(alertConditions.assetId, s)))
    .all();
}

export async function pendingByKey(db: DbOrTx, key: string): Promise<PendingCondition | undefined> {
  if (isPg(db)) return onPg.pendingByKey(pgOf(db), key);
  while (held(db)) await ready(db);
  return db
    .select({
      conditionKey: alertConditions.conditionKey,
      kind: alertConditions.kind,
      assetId: alertConditions.assetId,
      subject: alertConditions.subject,
      firstSeenAt: alertConditions.firstSeenAt,
      clearSince: alertConditions.clearSince,
    })
    .from(alertConditions)
    .where(eq(alertConditions.conditionKey, key))
    .get();
}

export interface ConditionRef {
  key: string;
  kind: string;
  assetId: string | null;
  subject: string;
}

export async function keepPending(
  db: DbOrTx,
  c: ConditionRef & { firstSeenAt: number | null; clearSince: number | null; at: number },
) {
  if (isPg(db)) {
    await onPg.keepPending(pgOf(db), c);
    return;
  }
  while (held(db)) await ready(db);
  const set = { firstSeenAt: c.firstSeenAt, clearSince: c.clearSince, lastSeenAt: c.at };
  db.insert(alertConditions)
    .values({ conditionKey: c.key, kind: c.kind, assetId: c.assetId, subject: c.subject, ...set })
    .onConflictDoUpdate({ target: alertConditions.conditionKey, set })
    .run();
}

export async function forgetPending(db: DbOrTx, key: string) {
  if (isPg(db)) {
    await onPg.forgetPending(pgOf(db), key);
    return;
  }
  while (held(db)) await ready(db);
  db.delete(alertConditions).where(eq(alertConditions.conditionKey, key)).run();
}

/** Opens an alert; undefined when one for the condition is already live (another process won). */
export async function insertAlert(
  db: DbOrTx,
  c: ConditionRef & { startedAt: number; details: string; at: number },
): Promise<number | undefined> {
  if (isPg(db)) return onPg.insertAlert(pgOf(db), c);
  while (held(db)) await ready(db);
  return db
    .insert(alerts)
    .values({
      kind: c.kind,
      assetId: c.assetId,
      subject: c.subject,
      conditionKey: c.key,
      state: 'open',
      startedAt: c.startedAt,
      lastSeenAt: c.at,
      details: c.details,
      updatedAt: c.at,
    })
    .onConflictDoNothing()
    .returning({ id: alerts.id })
    .get()?.id;
}

/**
 * The condition's latest alert if someone resolved it by hand: its id and when it was last
 * seen. Found through the machine's alerts (the asset index), not a scan of every alert.
 */
export async function handResolved(db: DbOrTx, c: { key: string; assetId: string | null }) {
  if (isPg(db)) return onPg.handResolved(pgOf(db), c);
  while (held(db)) await ready(db);
  const asset = c.assetId === null ? sql`asset_id is null` : sql`asset_id = ${c.assetId}`;
  return db.get<{ id: number; lastSeenAt: number; resolvedBy: string | null } | undefined>(sql`
    select id, last_seen_at as lastSeenAt, resolved_by as resolvedBy from alerts
    where ${asset} and condition_key = ${c.key} order by id desc limit 1`);
}

export async function touchAlert(db: DbOrTx, id: number, p: { details: string; at: number }) {
  if (isPg(db)) {
    await onPg.touchAlert(pgOf(db), id, p);
    return;
  }
  while (held(db)) await ready(db);
  db.update(alerts)
    .set({ lastSeenAt: p.at, details: p.details, updatedAt: p.at })
    .where(eq(alerts.id, id))
    .run();
}

/** An open alert seen again: its facts and last-seen time (touchAlert for many). */
export interface AlertTouch {
  id: number;
  details: string;
  at: number;
}

/**
 * touchAlert for every alert of a look at the fleet (lib/alerts/evaluate.ts): each live alert
 * is seen again once a minute, one statement for all of them rather than one each.
 */
export async function touchAlerts(db: Db, touches: readonly AlertTouch[]) {
  if (!touches.length) return;
  if (isPg(db)) {
    await onPg.touchAlerts(pgOf(db), touches);
    return;
  }
  while (held(db)) await ready(db);
  const update = touchStatement(db);
  for (const t of touches) update.run({ ...t });
}

// A look at the fleet writes its alerts seen again once a minute: prepared once per connection.
const touchStatement = perClient((db) =>
  db
    .update(alerts)
    .set({
      lastSeenAt: sql`${sql.placeholder('at')}`,
      details: sql`${sql.placeholder('details')}`,
      updatedAt: sql`${sql.placeholder('at')}`,
    })
    .where(eq(alerts.id, sql.placeholder('id')))
    .prepare(),
);

export async function resolveAlertByCondition(db: DbOrTx, id: number, at: number) {
  if (isPg(db)) {
    await onPg.resolveAlertByCondition(pgOf(db), id, at);
    return;
  }
  while (held(db)) await ready(db);
  db.update(alerts)
    .set({ state: 'resolved', resolvedAt: at, updatedAt: at })
    .where(and(eq(alerts.id, id), ne(alerts.state, 'resolved')))
    .run();
}

export async function addAlertEvent(
  db: DbOrTx,
  e: { alertId: number; at: number; type: string; details?: string | null },
) {
  if (isPg(db)) {
    await onPg.addAlertEvent(pgOf(db), e);
    return;
  }
  while (held(db)) await ready(db);
  db.insert(alertEvents)
    .values({ alertId: e.alertId, at: e.at, type: e.type, details: e.details ?? null })
    .run();
}

export interface LiveAlertRow {
  id: number;
  kind: string;
  assetId: string | null;
  state: 'open' | 'acknowledged';
  since: number;
  details: string;
  name: string | null;
  siteName: string | null;
  lineName: string | null;
}

/**
 * Live alerts not snoozed at `now`: the `perKind` longest-standing of each kind, oldest first,
 * with their machines' names (the overview). One pass over the unresolved alerts (the state
 * index), however many machines the fleet has.
 */
export async function liveAlertsByKind(db: DbOrTx, p: { now: number; perKind: number }) {
  if (isPg(db)) return onPg.liveAlertsByKind(pgOf(db), p);
  while (held(db)) await ready(db);
  return db.all<LiveAlertRow>(sql`
    select id, kind, assetId, state, since, details, name, siteName, lineName from (
      select a.id as id, a.kind as kind, a.asset_id as assetId, a.state as state,
        a.started_at as since, a.details as details, m.name as name, si.name as siteName,
        l.name as lineName,
        row_number() over (partition by a.kind order by a.started_at, a.asset_id, a.id) as rank
      from alerts a
      left join machines m on m.asset_id = a.asset_id
      left join sites si on si.id = m.site_id left join lines l on l.id = m.line_id
      where a.state in ('open', 'acknowledged') and (a.snoozed_until is null or a.snoozed_until <= ${p.now}))
    where rank <= ${p.perKind}`);
}

/** How many live alerts of each kind there are, snoozed ones apart, and the low shelves they name. */
export async function liveAlertCounts(db: DbOrTx, now: number) {
  if (isPg(db)) return onPg.liveAlertCounts(pgOf(db), now);
  while (held(db)) await ready(db);
  return db.all<{ kind: string; count: number; snoozed: number; shelves: number }>(sql`
    select kind,
      coalesce(sum(snoozed_until is null or snoozed_until <= ${now}), 0) as count,
      coalesce(sum(snoozed_until > ${now}), 0) as snoozed,
      coalesce(sum(case when snoozed_until is null or snoozed_until <= ${now}
        then json_extract(details, '$.shelves') end), 0) as shelves
    from alerts where state in ('open', 'acknowledged') group by kind`);
}
