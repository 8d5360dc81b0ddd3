import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '@/e2e/support/pg-cluster';
import { migratePg, openPg, type PgDb } from '@/db/engine/postgres/client';
import { asAppDb } from '@/db/engine/handle';
import { ensureFirstAdmin } from './accounts';

/**
 * Two app processes started at once on one empty PostgreSQL database both find no user and
 * both create the first admin; the second's insert meets the unique e-mail index. It must start
 * anyway ("exists"), not exit (it did: two-processes.test.ts failed on it once in five).
 */
let cluster: PgCluster;
let pools: PgDb[] = [];

beforeAll(async () => {
  cluster = await startPgCluster();
  await migratePg(cluster.url);
  pools = [openPg(cluster.url, { max: 2 }), openPg(cluster.url, { max: 2 })];
}, 60_000);
afterAll(async () => {
  for (const p of pools) await p.$client.end();
  cluster?.stop();
});

describe('the first admin, by two processes at once', () => {
  it('is created by one; the other finds it', async () => {
    const outcomes = await Promise.all(
      pools.map((p) => ensureFirstAdmin(asAppDb(p), 'admin@example.com', 'a-long-password-1')),
    );
    expect(outcomes.sort()).toEqual(['created', 'exists']);
    const r = await pools[0]!.$client.query('select email, role from users');
    expect(r.rows).toEqual([{ email: 'admin@example.com', role: 'admin' }]);
  }, 60_000);
});
