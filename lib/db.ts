import 'server-only';
import type Database from 'better-sqlite3';
import {
  adoptConnection as adopt,
  closeDb as closeSqlite,
  openDatabase,
  sharedDb,
  type Db,
  type OpenOptions,
} from '@/db/client';
import { onPgTransactionRetry } from '@/db/engine/handle';
import { closePg, preparePg, sharedPg } from '@/db/engine/postgres/shared';
import type { RollupCalendar } from '@/db/rollups';
import { databaseEngine, getConfig, isPostgresUrl } from '@/lib/config';
import { log } from '@/lib/ops/log';
import { dayAndMonthOf } from '@/lib/sales/periods';

/** The fleet's calendar in `timeZone`, as the sales rollups keep it (D20). */
export function rollupCalendar(timeZone: string): RollupCalendar {
  return { timeZone, dayAndMonth: dayAndMonthOf(timeZone) };
}

/** What db/ needs to open a database, from the app's configuration (D97). */
function openOptions(): OpenOptions {
  return { calendar: rollupCalendar(getConfig().FLEET_TIME_ZONE) };
}

/** The pool's size and timeouts, from the configuration (PostgreSQL, D111). */
function poolOptions() {
  const c = getConfig();
  return {
    max: c.DATABASE_POOL_SIZE,
    statementTimeoutMs: Math.round(c.DATABASE_STATEMENT_TIMEOUT_S * 1000),
  };
}

/** Whether the configured database is PostgreSQL (DATABASE_URL postgres://…, D111). */
export function onPostgres(): boolean {
  return databaseEngine(getConfig()) === 'postgres';
}

/**
 * The process's database, DATABASE_URL: on SQLite its one connection (db/client.ts sharedDb,
 * migrated when opened), on PostgreSQL its one pool (db/engine/postgres/shared.ts; migrated by
 * `startDb`, which every entry point awaits first). Never opened during `next build`.
 */
export function getDb(): Db {
  if (process.env.NEXT_PHASE === 'phase-production-build') {
    throw new Error('the database is not opened during next build');
  }
  const url = getConfig().DATABASE_URL;
  return onPostgres() ? sharedPg(url, poolOptions) : sharedDb(url, openOptions);
}

/**
 * Opens the database and makes it ready to serve: SQLite applies its migrations and checks its
 * rollups as it opens; PostgreSQL's pending migrations and the rollups' check run here. Entry
 * points (the server, the scripts) await this before anything else uses the database.
 */
export async function startDb(): Promise<Db> {
  const db = getDb();
  if (onPostgres()) {
    await preparePg(getConfig().DATABASE_URL, db, openOptions().calendar);
    // A deadlock's victim run again (D114): worth a line, not an error.
    onPgTransactionRetry((code, attempt) =>
      log().warn({ code, attempt }, 'a PostgreSQL transaction was aborted; running it again'),
    );
  }
  return db;
}

/** Closes the process's connection, or ends its pool (on shutdown). */
export async function closeDb(): Promise<void> {
  closeSqlite();
  await closePg();
}

/**
 * A SQLite database at `file` (a path, or ':memory:'), migrated: for scripts and tests. A
 * PostgreSQL URL is refused rather than taken for a file name (which would make a directory
 * called `postgres:`): on that engine use `startDb()` with DATABASE_URL.
 */
export function openDb(file: string): Db {
  if (isPostgresUrl(file))
    throw new Error('openDb opens a SQLite file, not a PostgreSQL URL: use startDb()');
  return openDatabase(file, openOptions());
}

/**
 * Makes `sqlite` the connection getDb() answers in this thread (a reader thread's read-only
 * one), so code below a read that asks getDb() never opens a writer of its own.
 */
export function adoptConnection(sqlite: Database.Database) {
  adopt(getConfig().DATABASE_URL, sqlite);
}
