import type Database from 'better-sqlite3';
import type { AppConfig } from '@/lib/config';
import { installReadPool } from './index';
import { ReadPool } from './pool';

/**
 * Starts the server's reader threads (D60) and makes them the way every read runs. Their
 * answers are cached under the database's version: `total_changes()` counts this connection's
 * writes, `data_version` another process's commits (a sync run from the command line).
 */
export function startReadPool(sqlite: Database.Database, config: AppConfig) {
  if (config.READ_WORKERS === 0 || sqlite.memory) return undefined;
  const changes = sqlite.prepare('select total_changes()').pluck();
  const dataVersion = sqlite.prepare('pragma data_version').pluck();
  const pool = new ReadPool({
    file: sqlite.name,
    lanes: {
      interactive: { workers: config.READ_WORKERS, nice: 5 },
      report: { workers: config.REPORT_WORKERS, nice: 10 },
    },
    timeoutMs: config.READ_TIMEOUT_S * 1000,
    cacheMs: config.READ_CACHE_MS,
    maxQueued: 64,
    heapMb: 1024,
    version: () => `${String(changes.get())}:${String(dataVersion.get())}`,
  });
  installReadPool(pool);
  return pool;
}
