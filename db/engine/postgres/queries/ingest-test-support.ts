import 'server-only';
import { afterAll, beforeAll } from 'vitest';
import { startPgCluster, type PgCluster } from '@/e2e/support/pg-cluster';
import { openDatabase, type Db } from '@/db/client';
import { UTC_CALENDAR } from '@/db/rollups';
import { migratePg, openPg, type PgDb } from '@/db/engine/postgres/client';

/**
 * Both engines for a parity test file: a throwaway PostgreSQL cluster migrated, and an
 * in-memory SQLite database, opened before the file's tests and closed after.
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
    e.lite?.$client.close();
  });
  return e;
}

/** A trade's fields with every column present (null unless given), for insertTrade. */
export function tradeFields(f: Record<string, unknown>) {
  return { source: 'push', ...f } as never;
}
