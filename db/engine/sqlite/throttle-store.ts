import 'server-only';
import { RateLimiterSQLite } from 'rate-limiter-flexible';
import type { Db } from '../../client';
import { perClient } from '../../statements';

export interface LimitRule {
  points: number;
  duration: number;
  blockDuration: number;
}

/**
 * rate-limiter-flexible's limiters over the `auth_throttle` table of this connection (one pair
 * per connection, D61): the library writes through the raw SQLite connection itself, so this is
 * the engine's part of the sign-in throttle; lib/auth/throttle.ts holds the rules.
 */
export const throttleStore = perClient((db: Db) => {
  const common = {
    storeClient: db.$client,
    storeType: 'better-sqlite3' as const,
    tableName: 'auth_throttle',
    tableCreated: true,
  };
  return (keyPrefix: string, rule: LimitRule) =>
    new RateLimiterSQLite({ ...common, keyPrefix, ...rule });
});
