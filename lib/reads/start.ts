import 'server-only';
import type { Db } from '@/db/client';
import { databaseFile, databaseVersion } from '@/db/queries/ops';
import type { AppConfig } from '@/lib/config';
import { installReadPool } from './index';
import { ReadPool } from './pool';

/**
 * Starts the server's reader threads (D60) and makes them the way every read runs. Their
 * answers are cached under the database's version (db/queries/ops.ts databaseVersion).
 */
export async function startReadPool(db: Db, config: AppConfig) {
  const file = await databaseFile(db);
  if (config.READ_WORKERS === 0 || file === undefined) return undefined;
  const version = await databaseVersion(db);
  const pool = new ReadPool({
    file,
    lanes: {
      interactive: { workers: config.READ_WORKERS, nice: 5 },
      report: { workers: config.REPORT_WORKERS, nice: 10 },
    },
    timeoutMs: config.READ_TIMEOUT_S * 1000,
    cacheMs: config.READ_CACHE_MS,
    maxQueued: 64,
    heapMb: 1024,
    version,
  });
  installReadPool(pool);
  return pool;
}
