import 'server-only';
import { asAppDb } from '../handle';
import type { Db } from '../../client';
import { migratePg, openPg, type PgDb, type PgPoolOptions } from './client';
import { ensureRollups, type RollupCalendar } from './queries/rollups';

const KEY = Symbol.for('vending.postgres');
type Holder = { [KEY]?: { url: string; pg: PgDb; db: Db } };

/**
 * The process's one pool over `url` (D111), cached on globalThis as SQLite's connection is
 * (db/client.ts sharedDb): the custom server and Next's bundle share it. Opening it neither
 * migrates nor checks the rollups: `preparePg` does, once, before the app serves.
 */
export function sharedPg(url: string, options: () => PgPoolOptions): Db {
  const holder = globalThis as Holder;
  let current = holder[KEY];
  if (!current || current.url !== url) {
    if (current) void current.pg.$client.end();
    const pg = openPg(url, options());
    current = { url, pg, db: asAppDb(pg) };
    holder[KEY] = current;
  }
  return current.db;
}

/**
 * What SQLite's open does synchronously, for PostgreSQL: pending migrations (processes starting
 * at once take turns on an advisory lock), then the rollups' time-zone check (a rebuild, once,
 * when the fleet's time zone changed). Returns whether the rollups were rebuilt.
 */
export async function preparePg(url: string, db: Db, calendar: RollupCalendar): Promise<boolean> {
  await migratePg(url);
  return ensureRollups(db as unknown as PgDb, calendar);
}

/** Ends the process's pool, if one is open (on shutdown). */
export async function closePg(): Promise<void> {
  const holder = globalThis as Holder;
  const current = holder[KEY];
  holder[KEY] = undefined;
  if (current) await current.pg.$client.end();
}
