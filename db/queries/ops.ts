import 'server-only';
import { held, ready } from '../transaction';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { isPg, pgOf, withAmbient, type LooseForms } from '../engine/handle';
import type { PgTx } from '../engine/postgres/client';
import * as pgForms from '../engine/postgres/queries/ops';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

/** Unresolved alerts per kind, for the metrics scrape (D90). */
export async function openAlertsByKind(db: DbOrTx) {
  if (isPg(db)) return onPg.openAlertsByKind(pgOf(db));
  while (held(db)) await ready(db);
  return db.all<{ kind: string; n: number }>(
    sql`SELECT kind, count(*) AS n FROM alerts WHERE state <> 'resolved' GROUP BY kind`,
  );
}

/** Notification deliveries per state (queued, sent, failed…), for the metrics scrape. */
export async function deliveriesByState(db: DbOrTx) {
  if (isPg(db)) return onPg.deliveriesByState(pgOf(db));
  while (held(db)) await ready(db);
  return db.all<{ state: string; n: number }>(
    sql`SELECT state, count(*) AS n FROM notification_deliveries GROUP BY state`,
  );
}

/** Sync runs per job and state, and when each job last finished a run that succeeded. */
export async function syncRunsByJob(db: DbOrTx) {
  if (isPg(db)) return onPg.syncRunsByJob(pgOf(db));
  while (held(db)) await ready(db);
  return db.all<{ job: string; state: string; n: number; lastOk: number | null }>(sql`
    SELECT job, state, count(*) AS n,
      max(CASE WHEN state = 'succeeded' THEN finished_at END) AS lastOk
    FROM sync_runs GROUP BY job, state`);
}

/**
 * The database answers a write: one row in `leases` that nothing else reads (its name is not a
 * lease any worker takes), rewritten by each /readyz. Throws when the database cannot write.
 */
export async function writeHeartbeat(db: DbOrTx, o: { holder: string; now: number }) {
  if (isPg(db)) {
    await onPg.writeHeartbeat(pgOf(db), o);
    return;
  }
  while (held(db)) await ready(db);
  db.run(sql`
    INSERT INTO leases (name, holder, expires_at) VALUES ('readyz', ${o.holder}, ${o.now})
    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`);
}

/** The migrations recorded as applied: how many, and the newest one's journal time. */
export async function appliedMigrations(db: DbOrTx) {
  if (isPg(db)) return onPg.appliedMigrations(pgOf(db));
  while (held(db)) await ready(db);
  return db.get<{ n: number; last: number | null }>(
    sql`SELECT count(*) AS n, max(created_at) AS last FROM __drizzle_migrations`,
  )!;
}

/**
 * Runs `fn` with the connection's busy timeout lowered to `ms` (a health check's write: a
 * database locked by another process costs the event loop at most that), restored after.
 */
export async function withBusyTimeout<T>(db: Db, ms: number, fn: () => T | Promise<T>): Promise<T> {
  // PostgreSQL's form opens a transaction with the timeouts set: `fn`'s queries run in it.
  if (isPg(db))
    return onPg.withBusyTimeout(pgOf(db), ms, (tx: unknown) =>
      withAmbient(db, tx as PgTx, fn),
    ) as Promise<T>;
  while (held(db)) await ready(db);
  const sqlite = db.$client;
  const before = sqlite.pragma('busy_timeout', { simple: true }) as number;
  try {
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(ms))}`);
    return await fn();
  } finally {
    sqlite.pragma(`busy_timeout = ${before}`);
  }
}

/**
 * The database's version as this connection sees it, changing on every write: `total_changes()`
 * counts this connection's writes, `data_version` another process's commits (a sync run from
 * the command line). Reader threads' answers are cached under it (D60).
 */
export async function databaseVersion(db: Db): Promise<() => string> {
  if (isPg(db)) return onPg.databaseVersion(pgOf(db));
  while (held(db)) await ready(db);
  const changes = db.$client.prepare('select total_changes()').pluck();
  const dataVersion = db.$client.prepare('pragma data_version').pluck();
  return () => `${String(changes.get())}:${String(dataVersion.get())}`;
}

/** The file a database lives in; undefined for one in memory. */
export async function databaseFile(db: Db): Promise<string | undefined> {
  if (isPg(db)) return onPg.databaseFile(pgOf(db));
  while (held(db)) await ready(db);
  return db.$client.memory ? undefined : db.$client.name;
}
