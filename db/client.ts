import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema';
import { ensureRollups, type RollupCalendar } from './rollups';
import { migrateSqlite } from './migrate';
import { guardStatements } from './transaction';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_DIR = path.join(process.cwd(), 'db', 'migrations');

/**
 * What opening a database needs from the app's configuration, passed in by the caller (lib/db.ts
 * reads the config): db/ imports nothing from lib/ (D97).
 */
export interface OpenOptions {
  /** The fleet's calendar the sales rollups are kept in (local days and months, D20). */
  calendar: RollupCalendar;
}

/** Opens a database file, sets the pragmas we rely on, applies pending migrations, builds rollups. */
export function openSqlite(file: string, options: OpenOptions): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  guardStatements(sqlite);
  // First: switching to WAL waits for a lock, and another process may hold it (a sync run).
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  migrateSqlite(sqlite, MIGRATIONS_DIR);
  // Sales rollups are built once from existing trades, and again if the fleet's time zone changes.
  ensureRollups(sqlite, options.calendar);
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
export function openDatabase(file: string, options: OpenOptions): Db {
  return wrap(openSqlite(file, options));
}

const KEY = Symbol.for('vending.sqlite');
type Holder = { [KEY]?: { file: string; sqlite: Database.Database } };
let wrapped: { sqlite: Database.Database; db: Db } | undefined;

/**
 * The process's one connection to `file` (lib/db.ts's getDb() names it from the config). The
 * raw connection is cached on globalThis, so hot reloads and the custom server (which loads
 * lib/ outside Next's bundle) share it; each module copy wraps it in its own Drizzle instance.
 * `options` is asked for only when the connection is opened.
 */
export function sharedDb(file: string, options: () => OpenOptions): Db {
  const holder = globalThis as Holder;
  let current = holder[KEY];
  if (!current || current.file !== file) {
    current?.sqlite.close();
    current = { file, sqlite: openSqlite(file, options()) };
    holder[KEY] = current;
  }
  if (wrapped?.sqlite !== current.sqlite)
    wrapped = { sqlite: current.sqlite, db: wrap(current.sqlite) };
  return wrapped.db;
}

/**
 * Makes `sqlite` the connection sharedDb(file) answers in this thread (a reader thread's
 * read-only one), so code below a read that asks getDb() never opens a writer of its own.
 */
export function adoptConnection(file: string, sqlite: Database.Database) {
  (globalThis as Holder)[KEY] = { file, sqlite };
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
