import 'server-only';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Db } from '@/db/client';
import { migratePg, openPg, type PgDb } from '@/db/engine/postgres/client';
import * as pgSchema from '@/db/engine/postgres/schema';
import { UTC_CALENDAR } from '@/db/rollups';
import * as liteSchema from '@/db/schema';
import { startPgCluster, type PgCluster } from '@/e2e/support/pg-cluster';

/**
 * The parity tests' two databases (this file's tests only: one cluster per test file): a fresh
 * migrated PostgreSQL and an SQLite in memory, filled alike by `insertBoth`.
 */
export function bothEngines() {
  const e = {} as { pg: PgDb; lite: Db; cluster: PgCluster };
  beforeAll(async () => {
    e.cluster = await startPgCluster();
    await migratePg(e.cluster.url);
    e.pg = openPg(e.cluster.url, { max: 4 });
    e.lite = openDatabase(':memory:', { calendar: UTC_CALENDAR });
  }, 60_000);
  afterAll(async () => {
    await e.pg?.$client.end();
    e.cluster?.stop();
  });
  return e;
}

type Name = keyof typeof pgSchema & keyof typeof liteSchema;

/** The same rows into the table of that name on both engines (each through its own schema). */
export async function insertBoth(
  e: { pg: PgDb; lite: Db },
  name: Name,
  rows: Record<string, unknown>[],
) {
  // Rows are plain objects checked by the database itself: the tables' value types do not meet.
  const lite = liteSchema[name] as unknown as Parameters<Db['insert']>[0];
  const pg = pgSchema[name] as unknown as Parameters<PgDb['insert']>[0];
  e.lite
    .insert(lite)
    .values(rows as never)
    .run();
  await e.pg.insert(pg).values(rows as never);
}
