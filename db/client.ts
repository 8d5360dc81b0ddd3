import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { ensureRollups } from './rollups';
import { getConfig } from '@/lib/config';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_DIR = path.join(process.cwd(), 'db', 'migrations');

/** Opens a database file, sets the pragmas we rely on, applies pending migrations, builds rollups. */
export function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  migrate(wrap(sqlite), { migrationsFolder: MIGRATIONS_DIR });
  // Sales rollups are built once from existing trades, and again if the fleet's time zone changes.
  ensureRollups(sqlite, getConfig().FLEET_TIME_ZONE);
  return sqlite;
}

export function wrap(sqlite: Database.Database): Db {
  return drizzle({ client: sqlite, schema }) as Db;
}

/** A database at `file` (a path, or ':memory:'), migrated: for scripts and tests. */
export function openDb(file: string): Db {
  return wrap(openSqlite(file));
}

const KEY = Symbol.for('vending.sqlite');
type Holder = { [KEY]?: { file: string; sqlite: Database.Database } };
let wrapped: { sqlite: Database.Database; db: Db } | undefined;

/**
 * The process's one connection. The raw connection is cached on globalThis, so hot reloads
 * and the custom server (which loads lib/ outside Next's bundle) share it; each module copy
 * wraps it in its own Drizzle instance. Never opened during `next build`.
 */
export function getDb(): Db {
  if (process.env.NEXT_PHASE === 'phase-production-build') {
    throw new Error('the database is not opened during next build');
  }
  const holder = globalThis as Holder;
  const file = getConfig().DATABASE_URL;
  let current = holder[KEY];
  if (!current || current.file !== file) {
    current?.sqlite.close();
    current = { file, sqlite: openSqlite(file) };
    holder[KEY] = current;
  }
  if (wrapped?.sqlite !== current.sqlite)
    wrapped = { sqlite: current.sqlite, db: wrap(current.sqlite) };
  return wrapped.db;
}

/** Closes the process's connection (on shutdown). */
export function closeDb() {
  const holder = globalThis as Holder;
  holder[KEY]?.sqlite.close();
  holder[KEY] = undefined;
  wrapped = undefined;
}

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A query function accepts the database or a transaction. */
export type DbOrTx = Db | Tx;
