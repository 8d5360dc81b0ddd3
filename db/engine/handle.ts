import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db, DbOrTx } from '../client';
import type { PgDb, PgDbOrTx, PgTx } from './postgres/client';

/**
 * Which engine a database handle is (D103). Query functions take `Db` on both engines: on
 * PostgreSQL it is the pool's Drizzle instance, marked when opened (`asAppDb`), and each query
 * function's first line sends it to its PostgreSQL form under db/engine/postgres/queries/.
 *
 * A transaction on PostgreSQL is ambient, as SQLite's is: code inside `inTransaction` keeps
 * passing the `db` it has, and every query it runs goes to that transaction's connection
 * (`pgOf`), followed through its awaits by AsyncLocalStorage. Units of work running at once on
 * the pool each have their own.
 */
const PG = Symbol.for('vending.engine.postgres');
type Marked = { [PG]?: true };

/** `pg` as the handle the app passes around. */
export function asAppDb(pg: PgDb): Db {
  (pg as unknown as Marked)[PG] = true;
  return pg as unknown as Db;
}

export function isPg(db: unknown): boolean {
  return (db as Marked)[PG] === true;
}

interface Ambient {
  pool: PgDb;
  tx: PgTx;
  /** What runs once the outermost transaction commits (`afterCommit`). */
  committed: (() => void)[];
}
const ambient = new AsyncLocalStorage<Ambient>();

/** The PostgreSQL connection a query on `db` uses now: the open transaction's, else the pool. */
export function pgOf(db: DbOrTx): PgDbOrTx {
  const pool = db as unknown as PgDb;
  const a = ambient.getStore();
  return a && a.pool === pool ? a.tx : pool;
}

/** Runs `fn` in a PostgreSQL transaction (a savepoint inside one), ambient to what it awaits. */
export async function pgTransaction<T>(db: Db, fn: (db: Db) => T | Promise<T>): Promise<T> {
  const pool = db as unknown as PgDb;
  const parent = ambient.getStore();
  const outer = pgOf(db);
  const committed: (() => void)[] = [];
  const result = await outer.transaction((tx) =>
    ambient.run({ pool, tx, committed }, async () => await fn(db)),
  );
  // A savepoint's joins its transaction's (dropped with it if that rolls back); the outermost
  // transaction has committed here.
  if (parent && parent.pool === pool) parent.committed.push(...committed);
  else for (const f of committed) f();
  return result;
}

/**
 * Runs `fn` once the PostgreSQL transaction open here commits (never if it rolls back), or now
 * outside one. What another connection should only act on once it can see it: the alert
 * evaluator reads on its own connection (D113). On SQLite `fn` runs now: there, every other
 * caller's transaction waits for the open one to end (db/transaction.ts).
 */
export function afterCommit(fn: () => void): void {
  const a = ambient.getStore();
  if (a) a.committed.push(fn);
  else fn();
}

/**
 * A module of PostgreSQL forms as its SQLite twin calls them: by name only. Their types are
 * derived from the SQLite functions', which would then depend on themselves.
 */
export type LooseForms<M> = { readonly [K in keyof M]: (...args: unknown[]) => Promise<never> };

/** Runs `fn` with `tx` (a transaction a PostgreSQL form opened itself) ambient for `db`. */
export async function withAmbient<T>(db: Db, tx: PgTx, fn: () => T | Promise<T>): Promise<T> {
  // Its caller's form commits `tx` once `fn` is done: what waits for that runs then.
  const committed: (() => void)[] = [];
  const result = await ambient.run(
    { pool: db as unknown as PgDb, tx, committed },
    async () => await fn(),
  );
  for (const f of committed) f();
  return result;
}
