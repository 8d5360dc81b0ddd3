import 'server-only';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import type {
  AlertTouch,
  ConditionRef,
  LiveAlert,
  LiveAlertRow,
  PendingCondition,
  Scope,
} from '@/db/queries/alert-records';
import type { AlertState } from '@/db/schema/alerts';
import { alertConditions, alertEvents, alerts } from '@/db/engine/postgres/schema';

/*
 * The evaluator's reads and writes of alert records (db/queries/alert-records.ts). Opening an
 * alert relies, as on SQLite, on the partial unique index alerts_live_condition_uq
 * (condition_key WHERE state <> 'resolved'): two processes opening the same condition leave
 * one live alert, the loser's INSERT doing nothing. alerts.details is jsonb: read back as JSON
 * text in jsonb's key order and spacing (D99), summed inside with ->.
 */
const LIVE: AlertState[] = ['open', 'acknowledged'];

const inAssets = (col: typeof alerts.assetId | typeof alertConditions.assetId, s: Scope) =>
  s.assetIds === null ? undefined : sql`${col} = any(${sql.param(s.assetIds)}::text[])`;

const LIVE_COLUMNS = {
  id: alerts.id,
  kind: alerts.kind,
  assetId: alerts.assetId,
  subject: alerts.subject,
  conditionKey: alerts.conditionKey,
  details: alerts.details,
  lastSeenAt: alerts.lastSeenAt,
};

const PENDING_COLUMNS = {
  conditionKey: alertConditions.conditionKey,
  kind: alertConditions.kind,
  assetId: alertConditions.assetId,
  subject: alertConditions.subject,
  firstSeenAt: alertConditions.firstSeenAt,
  clearSince: alertConditions.clearSince,
};

/** Unresolved alerts in a scope: two ranges of alerts_kind_state_idx per kind. */
export async function liveAlerts(db: PgDbOrTx, s: Scope): Promise<LiveAlert[]> {
  return db
    .select(LIVE_COLUMNS)
    .from(alerts)
    .where(
      and(
        inArray(alerts.state, LIVE),
        inArray(alerts.kind, [...s.kinds]),
        inAssets(alerts.assetId, s),
      ),
    );
}

export async function liveAlertByKey(db: PgDbOrTx, key: string): Promise<LiveAlert | undefined> {
  const [row] = await db
    .select(LIVE_COLUMNS)
    .from(alerts)
    // `<> 'resolved'` as the partial unique index says, so that index answers.
    .where(and(eq(alerts.conditionKey, key), ne(alerts.state, 'resolved')))
    .limit(1);
  return row;
}

export async function pendingConditions(db: PgDbOrTx, s: Scope): Promise<PendingCondition[]> {
  return db
    .select(PENDING_COLUMNS)
    .from(alertConditions)
    .where(and(inArray(alertConditions.kind, [...s.kinds]), inAssets(alertConditions.assetId, s)));
}

export async function pendingByKey(
  db: PgDbOrTx,
  key: string,
): Promise<PendingCondition | undefined> {
  const [row] = await db
    .select(PENDING_COLUMNS)
    .from(alertConditions)
    .where(eq(alertConditions.conditionKey, key))
    .limit(1);
  return row;
}

export async function keepPending(
  db: PgDbOrTx,
  c: ConditionRef & { firstSeenAt: number | null; clearSince: number | null; at: number },
): Promise<void> {
  const set = { firstSeenAt: c.firstSeenAt, clearSince: c.clearSince, lastSeenAt: c.at };
  await db
    .insert(alertConditions)
    .values({ conditionKey: c.key, kind: c.kind, assetId: c.assetId, subject: c.subject, ...set })
    .onConflictDoUpdate({ target: alertConditions.conditionKey, set });
}

export async function forgetPending(db: PgDbOrTx, key: string): Promise<void> {
  await db.delete(alertConditions).where(eq(alertConditions.conditionKey, key));
}

/** Opens an alert; undefined when one for the condition is already live (another process won). */
export async function insertAlert(
  db: PgDbOrTx,
  c: ConditionRef & { startedAt: number; details: string; at: number },
): Promise<number | undefined> {
  const [row] = await db
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
    .returning({ id: alerts.id });
  return row?.id;
}

/** The condition's latest alert if someone resolved it by hand (alerts_asset_started_idx). */
export async function handResolved(db: PgDbOrTx, c: { key: string; assetId: string | null }) {
  const asset = c.assetId === null ? sql`asset_id is null` : sql`asset_id = ${c.assetId}`;
  const found = await db.execute<{ id: number; lastSeenAt: number; resolvedBy: string | null }>(sql`
    select id, last_seen_at as "lastSeenAt", resolved_by as "resolvedBy" from alerts
    where ${asset} and condition_key = ${c.key} order by id desc limit 1`);
  return found.rows[0];
}

export async function touchAlert(db: PgDbOrTx, id: number, p: { details: string; at: number }) {
  await db
    .update(alerts)
    .set({ lastSeenAt: p.at, details: p.details, updatedAt: p.at })
    .where(eq(alerts.id, id));
}

/** At most this many alerts an UPDATE: its three arrays stay a few megabytes at most. */
const TOUCH_CHUNK = 5_000;

export async function touchAlerts(db: PgDbOrTx, touches: readonly AlertTouch[]) {
  for (let i = 0; i < touches.length; i += TOUCH_CHUNK) {
    const chunk = touches.slice(i, i + TOUCH_CHUNK);
    await db.execute(sql`
      update alerts a
      set last_seen_at = u.at, details = u.details::jsonb, updated_at = u.at
      from unnest(${sql.param(chunk.map((t) => t.id))}::bigint[],
                  ${sql.param(chunk.map((t) => t.details))}::text[],
                  ${sql.param(chunk.map((t) => t.at))}::bigint[]) as u(id, details, at)
      where a.id = u.id`);
  }
}

export async function resolveAlertByCondition(db: PgDbOrTx, id: number, at: number) {
  await db
    .update(alerts)
    .set({ state: 'resolved', resolvedAt: at, updatedAt: at })
    .where(and(eq(alerts.id, id), ne(alerts.state, 'resolved')));
}

export async function addAlertEvent(
  db: PgDbOrTx,
  e: { alertId: number; at: number; type: string; details?: string | null },
) {
  await db
    .insert(alertEvents)
    .values({ alertId: e.alertId, at: e.at, type: e.type, details: e.details ?? null });
}

/**
 * Live alerts not snoozed at `now`: the `perKind` longest-standing of each kind, oldest first
 * (SQLite's NULL-first order of asset said explicitly), with their machines' names.
 */
export async function liveAlertsByKind(
  db: PgDbOrTx,
  p: { now: number; perKind: number },
): Promise<LiveAlertRow[]> {
  const found = await db.execute<Omit<LiveAlertRow, 'details'> & { details: unknown }>(sql`
    select id, kind, "assetId", state, since, details, name, "siteName", "lineName" from (
      select a.id as id, a.kind as kind, a.asset_id as "assetId", a.state as state,
        a.started_at as since, a.details as details, m.name as name, si.name as "siteName",
        l.name as "lineName",
        row_number() over (partition by a.kind
          order by a.started_at, a.asset_id nulls first, a.id) as rank
      from alerts a
      left join machines m on m.asset_id = a.asset_id
      left join sites si on si.id = m.site_id left join lines l on l.id = m.line_id
      where a.state in ('open', 'acknowledged')
        and (a.snoozed_until is null or a.snoozed_until <= ${p.now})) x
    where rank <= ${p.perKind}
    order by kind, since, "assetId" nulls first, id`);
  // jsonb arrives parsed: back to text, as the column's own reads give it.
  return found.rows.map((r) => ({ ...r, details: JSON.stringify(r.details) }));
}

/** How many live alerts of each kind there are, snoozed ones apart, and the low shelves they name. */
export async function liveAlertCounts(db: PgDbOrTx, now: number) {
  // shelves: a JSON number only, summed as SQLite sums numbers (an integer stays one).
  const found = await db.execute<{
    kind: string;
    count: number;
    snoozed: number;
    shelves: number;
  }>(sql`
    select kind,
      count(*) filter (where snoozed_until is null or snoozed_until <= ${now})::int as count,
      count(*) filter (where snoozed_until > ${now})::int as snoozed,
      coalesce(sum((details->>'shelves')::float8) filter (
        where (snoozed_until is null or snoozed_until <= ${now})
          and jsonb_typeof(details->'shelves') = 'number'), 0)::float8 as shelves
    from alerts where state in ('open', 'acknowledged') group by kind order by kind`);
  return found.rows;
}
