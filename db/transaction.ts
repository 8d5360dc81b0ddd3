import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { Db, DbOrTx } from './client';
import { isPg, pgTransaction, retryableCode } from './engine/handle';

/**
 * Transactions for query functions that return promises (D103). On SQLite one connection
 * serves the whole process, and a transaction's body now awaits between its statements: while
 * it is open, every other caller's query waits for it (`ready`), and a statement run outside it
 * anyway fails loudly (`guardStatements`) rather than joining someone else's transaction. Which
 * code is "inside" follows the async context (AsyncLocalStorage), so a body's own awaits, and
 * what they call, still run.
 */
interface Holder {
  /** The connection's open transaction's owner, or null. */
  owner: object | null;
  /** Savepoints open inside it. */
  depth: number;
  /** Resolves when the open transaction ends. */
  released: Promise<void> | null;
  release: (() => void) | null;
}

const holders = new WeakMap<Database.Database, Holder>();
const context = new AsyncLocalStorage<object>();

function holderOf(conn: Database.Database): Holder {
  let h = holders.get(conn);
  if (!h) holders.set(conn, (h = { owner: null, depth: 0, released: null, release: null }));
  return h;
}

/** True when the current async context may use `conn` now. */
function mayUse(h: Holder): boolean {
  return h.owner === null || h.owner === context.getStore();
}

/**
 * True while another caller's transaction holds `db`'s connection. Query functions start with
 * `while (held(db)) await ready(db);` and then run their statements in the same turn as that
 * last check: an `await` between the check and the statements would let a transaction begin in
 * between (D103).
 */
export function held(db: DbOrTx): boolean {
  // A transaction's own handle (no $client) is used inside its body: never held from it.
  const conn = (db as Partial<Db>).$client;
  const h = conn && holders.get(conn as Database.Database);
  return h !== undefined && !mayUse(h);
}

/** Settles when the transaction holding `db`'s connection ends (check `held` again after). */
export function ready(db: DbOrTx): Promise<void> {
  const conn = (db as Partial<Db>).$client;
  const h = conn && holders.get(conn as Database.Database);
  return h?.released ?? Promise.resolve();
}

/**
 * Runs `fn` in a transaction: BEGIN IMMEDIATE when outermost (a second process's writer waits
 * for it, D101), a savepoint when nested. `fn` gets the database to use inside it.
 */
export async function inTransaction<T>(db: Db, fn: (db: Db) => T | Promise<T>): Promise<T> {
  if (isPg(db)) return pgTransaction(db, fn);
  const conn = db.$client;
  const h = holderOf(conn);
  if (h.owner !== null && h.owner === context.getStore()) {
    const name = `sp${++h.depth}`;
    conn.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn(db);
      conn.exec(`RELEASE ${name}`);
      return result;
    } catch (e) {
      conn.exec(`ROLLBACK TO ${name}`);
      conn.exec(`RELEASE ${name}`);
      throw e;
    } finally {
      h.depth--;
    }
  }
  // Checked in the same turn as the connection is taken (see `held`).
  while (h.owner !== null) await h.released;
  const owner = {};
  h.owner = owner;
  h.released = new Promise((resolve) => (h.release = resolve));
  try {
    conn.exec('BEGIN IMMEDIATE');
  } catch (e) {
    free(h);
    throw e;
  }
  try {
    const result = await context.run(owner, async () => await fn(db));
    conn.exec('COMMIT');
    return result;
  } catch (e) {
    if (conn.inTransaction) conn.exec('ROLLBACK');
    throw e;
  } finally {
    free(h);
  }
}

/**
 * True when `e` is PostgreSQL's deadlock or serialization failure: the outermost transaction
 * it happened in is rolled back and run again whole (D114), so code inside that catches errors
 * to record them (a push marked failed) lets this one through instead.
 */
export function runsAgain(e: unknown): boolean {
  return retryableCode(e) !== undefined;
}

function free(h: Holder) {
  const release = h.release;
  h.owner = null;
  h.depth = 0;
  h.released = null;
  h.release = null;
  release?.();
}

/**
 * Makes every statement `conn` prepares refuse to run while another caller's transaction holds
 * the connection: such a statement would silently become part of that transaction (and be
 * rolled back with it). A query function awaits `ready` first and never meets this.
 */
export function guardStatements(conn: Database.Database): void {
  const prepare = conn.prepare.bind(conn);
  const h = holderOf(conn);
  conn.prepare = ((source: string) => {
    const statement = prepare(source);
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = statement[method] as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = function (
        this: unknown,
        ...args: unknown[]
      ) {
        if (h.owner !== null && !mayUse(h)) {
          throw new Error(
            `a statement ran outside the open transaction on this connection: ${source.slice(0, 80)}`,
          );
        }
        return original.apply(this, args);
      };
    }
    return statement;
  }) as typeof conn.prepare;
}
