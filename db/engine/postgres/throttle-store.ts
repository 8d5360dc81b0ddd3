import 'server-only';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { Db } from '../../client';
import { perClient } from '../../statements';
import type { LimitRule } from '../sqlite/throttle-store';
import type { PgDb } from './client';

/**
 * rate-limiter-flexible's PostgreSQL limiters over the `auth_throttle` table (D111): the same
 * rules and the same atomic upsert per key as SQLite's store, on the process's pool (one pair
 * per pool). Every process sharing the database counts the same failures.
 */
export const pgThrottleStore = perClient((db: Db) => {
  const common = {
    storeClient: (db as unknown as PgDb).$client,
    storeType: 'pool' as const,
    tableName: 'auth_throttle',
    tableCreated: true,
  };
  return (keyPrefix: string, rule: LimitRule) =>
    new RateLimiterPostgres({ ...common, keyPrefix, ...rule });
});
