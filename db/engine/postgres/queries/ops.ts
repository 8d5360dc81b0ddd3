import 'server-only';
import { sql } from 'drizzle-orm';
import type { PgDb, PgDbOrTx } from '@/db/engine/postgres/client';

// PostgreSQL's forms of db/queries/ops.ts (documented there). SQLite returns grouped rows in
// the order of their keys (its GROUP BY sorts); PostgreSQL may hash, so the order is asked for.

export async function openAlertsByKind(db: PgDbOrTx): Promise<{ kind: string; n: number }[]> {
  const r = await db.execute<{ kind: string; n: number }>(sql`
    select kind, count(*)::int as n from alerts where state <> 'resolved'
    group by kind order by kind`);
  return r.rows;
}

export async function deliveriesByState(db: PgDbOrTx): Promise<{ state: string; n: number }[]> {
  const r = await db.execute<{ state: string; n: number }>(sql`
    select state, count(*)::int as n from notification_deliveries group by state order by state`);
  return r.rows;
}

export async function syncRunsByJob(
  db: PgDbOrTx,
): Promise<{ job: string; state: string; n: number; lastOk: number | null }[]> {
  const r = await db.execute<{ job: string; state: string; n: number; lastOk: number | null }>(sql`
    select job, state, count(*)::int as n,
      max(finished_at) filter (where state = 'succeeded') as "lastOk"
    from sync_runs group by job, state order by job, state`);
  return r.rows;
}

export async function writeHeartbeat(
  db: PgDbOrTx,
  o: { holder: string; now: number },
): Promise<void> {
  await db.execute(sql`
    insert into leases (name, holder, expires_at) values ('readyz', ${o.holder}, ${o.now})
    on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at`);
}

/**
 * drizzle's PostgreSQL migrator keeps its journal in the `drizzle` schema; `last` is the newest
 * migration's journal time (`when` in db/engine/postgres/migrations/meta/_journal.json, not
 * SQLite's journal: the health check must compare with PostgreSQL's).
 */
export async function appliedMigrations(db: PgDbOrTx): Promise<{ n: number; last: number | null }> {
  const r = await db.execute<{ n: number; last: number | null }>(
    sql`select count(*)::int as n, max(created_at) as last from drizzle.__drizzle_migrations`,
  );
  return r.rows[0]!;
}

/**
 * SQLite's busy timeout bounds the wait for another process's write lock. PostgreSQL's meaning:
 * `lock_timeout` (waiting for a row lock another transaction holds) and `statement_timeout`
 * (the whole statement), both `SET LOCAL` in a transaction of their own, so the pooled
 * connection is back to its usual timeouts after. `fn` must run its statements on the
 * transaction it is given (a pool has no one connection to lower the timeout of):
 * `withBusyTimeout(db, ms, (tx) => writeHeartbeat(tx, …))`.
 */
export async function withBusyTimeout<T>(
  db: PgDb,
  ms: number,
  fn: (db: PgDbOrTx) => T | Promise<T>,
): Promise<T> {
  const timeout = Math.max(1, Math.floor(ms));
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local lock_timeout = ${timeout}`));
    await tx.execute(sql.raw(`set local statement_timeout = ${timeout}`));
    return fn(tx);
  });
}

let versions = 0;

/**
 * SQLite's version (its change counters) keys the cache of the reader threads, which run over a
 * database file. PostgreSQL has no file for them (databaseFile is undefined, so they do not
 * start) and no synchronous change counter: the function given answers a new value every call,
 * so nothing cached under it is ever taken for current.
 */
export async function databaseVersion(_db: PgDb): Promise<() => string> {
  return () => `pg:${process.pid}:${++versions}`;
}

/** Not applicable: a PostgreSQL database is no file this process can read (see databaseVersion). */
export async function databaseFile(_db: PgDb): Promise<string | undefined> {
  return undefined;
}
