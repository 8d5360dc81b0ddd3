import 'server-only';
import path from 'node:path';
import pg from 'pg';
import {
  drizzle,
  NodePgSession,
  NodePgTransaction,
  type NodePgDatabase,
} from 'drizzle-orm/node-postgres';
import type { PgDialect } from 'drizzle-orm/pg-core';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import * as schema from './schema';

/** PostgreSQL's connection pool and its Drizzle instance (docs/decisions.md D99). */
export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export const PG_MIGRATIONS_DIR = path.join(process.cwd(), 'db', 'engine', 'postgres', 'migrations');

export interface PgPoolOptions {
  /** Connections at most (the app's config decides; db/ imports nothing from lib/). */
  max?: number;
  /** A statement running longer is cancelled by the server. */
  statementTimeoutMs?: number;
  /** A transaction left open and idle this long is ended by the server (its locks freed). */
  idleInTransactionTimeoutMs?: number;
  /** Shown in pg_stat_activity: which process holds which connection. */
  applicationName?: string;
}

/**
 * bigint columns hold epoch seconds, fen and ids, far below 2^53: read as numbers, as SQLite
 * gives them (counts too). A value past that throws rather than come back rounded. (numeric,
 * what sum() of a bigint returns, stays a string: the queries cast sums to bigint.) Set in pg's
 * process-wide registry: Drizzle passes its own parsers with each query and falls back to that
 * registry, never to a pool's `types`.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${value} is past 2^53`);
  return n;
});

function connectionConfig(url: string, o: PgPoolOptions): pg.ClientConfig {
  return {
    connectionString: url,
    // Sent in each connection's startup packet: every connection has them, pooled or not.
    statement_timeout: o.statementTimeoutMs ?? 30_000,
    idle_in_transaction_session_timeout: o.idleInTransactionTimeoutMs ?? 60_000,
    application_name: o.applicationName ?? `vending-ops:${process.pid}`,
    // No JIT: the app's reads are index probes per machine whose summed cost estimate passes
    // jit_above_cost, and compiling them took 206 of the lines page's 632 ms on a year of
    // 5,000 machines, for nothing (D121). A report's planner still has everything else.
    options: '-c jit=off',
  };
}

/** A pool over `url` and Drizzle over it; `end()` the pool ($client) when done. */
export function openPg(url: string, o: PgPoolOptions = {}): PgDb {
  const pool = new pg.Pool({
    ...connectionConfig(url, o),
    max: o.max ?? 10,
    // Each statement is written as soon as it is issued, not after the answer to the one
    // before: a push batch's statements issued together cost one round trip (D128). Code that
    // awaits each statement works as before; cursors and streams (refused in this mode) use
    // clients of their own (db:copy).
    pipeline: true,
  });
  // An idle connection the server dropped (a restart) must not crash the process.
  pool.on('error', (e) => console.error(`postgres pool: ${e.message}`));
  return drizzle({ client: pool, schema }) as PgDb;
}

/** Any number fits: app processes starting at once migrate one after the other. */
const MIGRATION_LOCK = 22_099;

/** Applies PostgreSQL's pending migrations to the database at `url` (tests, db:copy, start). */
export async function migratePg(url: string): Promise<void> {
  const client = new pg.Client(connectionConfig(url, { statementTimeoutMs: 0 }));
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle({ client }), { migrationsFolder: PG_MIGRATIONS_DIR });
  } finally {
    await client.end();
  }
}

/** A transaction on the pool (Drizzle's), as query functions receive it inside one. */
export type PgTx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

/** What a PostgreSQL query function takes: the pool, or the transaction it runs inside. */
export type PgDbOrTx = PgDb | PgTx;

/**
 * `pool.transaction(fn)`, with its BEGIN not waited for: on the pool's pipelined connections
 * (openPg) it goes out with the body's first statement, a round trip fewer for every
 * transaction (D128). Should BEGIN fail, the statements after it failed with it (a broken
 * connection) or ran alone; either way this throws, as the body's failure would, and nothing
 * is reported committed.
 */
export async function inPgTransaction<T>(pool: PgDb, fn: (tx: PgTx) => Promise<T>): Promise<T> {
  // The pool's session, for what a session of one connection is made of (as Drizzle's own
  // transaction makes it).
  type Session = ConstructorParameters<typeof NodePgSession>;
  const base = pool._.session as unknown as {
    dialect: PgDialect;
    schema: Session[2];
    options: Session[3];
  };
  const client = await pool.$client.connect();
  const session = new NodePgSession(client, base.dialect, base.schema, base.options);
  const tx = new NodePgTransaction(base.dialect, session, base.schema) as unknown as PgTx;
  const begun = client.query('begin');
  // Read below; a failure meanwhile must not be reported as unhandled.
  begun.catch(() => undefined);
  let broken: Error | undefined;
  try {
    const result = await fn(tx);
    await begun;
    await client.query('commit');
    return result;
  } catch (e) {
    await client.query('rollback').catch((r: Error) => (broken = r));
    throw e;
  } finally {
    // A connection whose ROLLBACK failed is not returned to the pool as if it were clean.
    client.release(broken);
  }
}
