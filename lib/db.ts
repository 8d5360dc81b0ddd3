import 'server-only';
import type Database from 'better-sqlite3';
import {
  adoptConnection as adopt,
  openDatabase,
  sharedDb,
  type Db,
  type OpenOptions,
} from '@/db/client';
import type { RollupCalendar } from '@/db/rollups';
import { getConfig } from '@/lib/config';
import { dayAndMonthOf } from '@/lib/sales/periods';

export { closeDb } from '@/db/client';

/** The fleet's calendar in `timeZone`, as the sales rollups keep it (D20). */
export function rollupCalendar(timeZone: string): RollupCalendar {
  return { timeZone, dayAndMonth: dayAndMonthOf(timeZone) };
}

/** What db/ needs to open a database, from the app's configuration (D97). */
function openOptions(): OpenOptions {
  return { calendar: rollupCalendar(getConfig().FLEET_TIME_ZONE) };
}

/**
 * The process's one connection, to DATABASE_URL (db/client.ts sharedDb). Never opened during
 * `next build`.
 */
export function getDb(): Db {
  if (process.env.NEXT_PHASE === 'phase-production-build') {
    throw new Error('the database is not opened during next build');
  }
  return sharedDb(getConfig().DATABASE_URL, openOptions);
}

/** A database at `file` (a path, or ':memory:'), migrated: for scripts and tests. */
export function openDb(file: string): Db {
  return openDatabase(file, openOptions());
}

/**
 * Makes `sqlite` the connection getDb() answers in this thread (a reader thread's read-only
 * one), so code below a read that asks getDb() never opens a writer of its own.
 */
export function adoptConnection(sqlite: Database.Database) {
  adopt(getConfig().DATABASE_URL, sqlite);
}
