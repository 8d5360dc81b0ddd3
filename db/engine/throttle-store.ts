import 'server-only';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Db } from '../client';
import { isPg } from './handle';
import { pgThrottleStore } from './postgres/throttle-store';
import { throttleStore as sqliteThrottleStore, type LimitRule } from './sqlite/throttle-store';

export type { LimitRule };

/** The sign-in throttle's limiters on `db`'s engine (lib/auth/throttle.ts holds the rules). */
export function throttleStore(db: Db): (keyPrefix: string, rule: LimitRule) => RateLimiterAbstract {
  return isPg(db) ? pgThrottleStore(db) : sqliteThrottleStore(db);
}
