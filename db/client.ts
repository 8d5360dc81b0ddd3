import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema';
import { ensureRollups } from './rollups';
import { migrateSqlite } from './migrate';
import { getConfig } from '@/lib/config';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_DIR = path.join(process.cwd(), 'db', 'migrations');

/** Opens a database file, sets the pragmas we rely on, applies pending migrations, builds rollups. */
export function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  // First: switching to WAL waits for a lock, and another process may hold it (a sync run).
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  migrateSqlite(sqlite, MIGRATIONS_DIR);
  // Sales rollups are built once from existing trades, and again if the fleet's time zone changes.
  ensureRollups(sqlite, getConfig().FLEET_TIME_ZONE);
  return sqlite;
}

/**
 * A read-only connection for a reader thread (lib/reads): no migrations (the server's own
 * connection applied them), `query_only` so a read that tries to write fails loudly, and a
 * memory map so several readers share the operating system's cache of the file.
 */
export function openSqliteReadonly(file: string): Database.Database {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('query_only = ON');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('mmap_size = 4294967296');
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

/**
 * Makes `sqlite` the connection getDb() answers in this thread (a reader thread's read-only
 * one), so code below a read that asks getDb() never opens a writer of its own.
 */
export function adoptConnection(sqlite: Database.Database) {
  (globalThis as Holder)[KEY] = { file: getConfig().DATABASE_URL, sqlite };
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
