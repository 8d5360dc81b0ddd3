import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db, DbOrTx } from '../client';
import { inPgTransaction, type PgDb, type PgDbOrTx, type PgTx } from './postgres/client';

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
  unit: Unit;
  /** What runs once the outermost transaction commits (`afterCommit`). */
  committed: (() => void)[];
}
/** One outermost transaction, shared by the savepoints inside it. */
interface Unit {
  /** A deadlock or serialization failure a savepoint inside it ended with (retryableCode). */
  aborted?: unknown;
}
const ambient = new AsyncLocalStorage<Ambient>();

/** The PostgreSQL connection a query on `db` uses now: the open transaction's, else the pool. */
export function pgOf(db: DbOrTx): PgDbOrTx {
  const pool = db as unknown as PgDb;
  const a = ambient.getStore();
  return a && a.pool === pool ? a.tx : pool;
}

/**
 * Runs `fn` in a PostgreSQL transaction (a savepoint inside one), ambient to what it awaits.
 *
 * An outermost transaction that PostgreSQL aborted as a deadlock's victim (40P01) or for a
 * serialization failure (40001) is run again, whole, a few times after a short random wait
 * (D114): two units of work writing the same rows in different orders (a sync page and a push
 * batch over the same trades) are each correct alone, and PostgreSQL picks one to abort. Its
 * writes were all rolled back, so running `fn` again is the same work on what the other
 * committed. A savepoint is never retried by itself; when one ends with such a failure, its
 * whole transaction is run again even if the code around the savepoint caught the error and
 * went on (a push batch marks a push whose projection threw as failed, and commits the rest).
 * So `fn`'s effects outside the database must be ones that may happen twice (a hint to the
 * alert evaluator, a cache filled from what it read, a log line).
 */
export async function pgTransaction<T>(db: Db, fn: (db: Db) => T | Promise<T>): Promise<T> {
  const pool = db as unknown as PgDb;
  const a = ambient.getStore();
  if (a && a.pool === pool) {
    const unit = a.unit;
    const committed: (() => void)[] = [];
    try {
      const result = await a.tx.transaction((tx) =>
        ambient.run({ pool, tx, unit, committed }, async () => await fn(db)),
      );
      // A savepoint's joins its transaction's, dropped with it if that rolls back.
      a.committed.push(...committed);
      return result;
    } catch (e) {
      if (retryableCode(e)) unit.aborted ??= e;
      throw e;
    }
  }
  for (let attempt = 1; ; attempt++) {
    const unit: Unit = {};
    // An attempt rolled back runs none of its own: only the one that commits does.
    const committed: (() => void)[] = [];
    try {
      const result = await inPgTransaction(pool, (tx) =>
        ambient.run({ pool, tx, unit, committed }, async () => {
          const result = await fn(db);
          // Rolled back and run again: what caught the savepoint's failure made do without it.
          if (unit.aborted) throw unit.aborted;
          return result;
        }),
      );
      for (const f of committed) f();
      return result;
    } catch (e) {
      const code = retryableCode(e);
      if (!code || attempt >= PG_TX_ATTEMPTS) throw e;
      pgRetryListener?.(code, attempt);
      // 10, 20, 40, 80, 160 ms, each with up to as much again at random.
      const base = Math.min(200, 10 * 2 ** (attempt - 1));
      await new Promise((r) => setTimeout(r, base + Math.random() * base));
    }
  }
}

/** How many times an outermost PostgreSQL transaction is run at most (the first and retries). */
export const PG_TX_ATTEMPTS = 6;

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction may be run again. */
const RETRYABLE = new Set(['40P01', '40001']);

/** The SQLSTATE of a retryable failure in `e` or what it wraps (Drizzle's error's cause). */
export function retryableCode(e: unknown): string | undefined {
  for (let c = e, depth = 0; c && typeof c === 'object' && depth < 5; depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE.has(code)) return code;
    c = (c as { cause?: unknown }).cause;
  }
  return undefined;
}

let pgRetryListener: ((code: string, attempt: number) => void) | undefined;

/** Told of each retried transaction (the app logs it; db/ imports nothing from lib/). */
export function onPgTransactionRetry(listener: (code: string, attempt: number) => void): void {
  pgRetryListener = listener;
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
    { pool: db as unknown as PgDb, tx, unit: {}, committed },
    async () => await fn(),
  );
  for (const f of committed) f();
  return result;
}
