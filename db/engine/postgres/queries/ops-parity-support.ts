import 'server-only';
// Test support for the parity tests of accounts, settings, leases, audit and notifications: one
// throwaway PostgreSQL cluster and one in-memory SQLite database per test file, same schema.
import { sql } from 'drizzle-orm';
import { openDatabase, type Db } from '@/db/client';
import { UTC_CALENDAR } from '@/db/rollups';
import { startPgCluster, type PgCluster } from '@/e2e/support/pg-cluster';
import { migratePg, openPg, type PgDb } from '@/db/engine/postgres/client';

export interface Engines {
  cluster: PgCluster;
  pg: PgDb;
  lite: Db;
  stop: () => Promise<void>;
}

export async function openEngines(): Promise<Engines> {
  const cluster = await startPgCluster();
  await migratePg(cluster.url);
  const pg = openPg(cluster.url, { max: 4 });
  const lite = openDatabase(':memory:', { calendar: UTC_CALENDAR });
  return {
    cluster,
    pg,
    lite,
    stop: async () => {
      await pg.$client.end();
      cluster.stop();
    },
  };
}

/** Every row of `table` on each engine, by `order` (raw, as each engine's driver gives it). */
export async function rowsOf(e: Engines, table: string, order: string) {
  const lite = e.lite.$client.prepare(`select * from ${table} order by ${order}`).all();
  const pg = await e.pg.execute(sql.raw(`select * from ${table} order by ${order}`));
  return { lite, pg: pg.rows };
}

/** Runs raw SQL on both engines (fixtures in tables no function of the module writes). */
export async function onBoth(e: Engines, statement: string) {
  e.lite.$client.exec(statement);
  await e.pg.execute(sql.raw(statement));
}

/**
 * Calls `f` with the SQLite module and its database, then the PostgreSQL module and its pool:
 * the two answers, for `expect(pg).toEqual(lite)`. (`db: never`: each side gets its own.)
 */
export function bothOf<L, P>(e: () => Engines, liteModule: L, pgModule: P) {
  return async <T>(
    f: (side: L | P, db: never) => T | Promise<T>,
  ): Promise<[Awaited<T>, Awaited<T>]> => [
    await f(liteModule, e().lite as never),
    await f(pgModule, e().pg as never),
  ];
}

type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Rest<F> = F extends (db: never, ...rest: infer R) => unknown ? R : never;
type Result<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

/**
 * The functions of both modules whose parameters after the database, or whose (awaited)
 * results, are not the same type: `never` when the PostgreSQL module keeps the contract.
 */
export type Mismatches<L, P> = {
  [K in keyof L & keyof P]: Same<Rest<L[K]>, Rest<P[K]>> extends true
    ? Same<Result<L[K]>, Result<P[K]>> extends true
      ? never
      : K
    : K;
}[keyof L & keyof P];
