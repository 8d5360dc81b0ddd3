import 'server-only';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Db } from '@/db/client';
import { throttleStore } from '@/db/engine/throttle-store';
import { connectionKey } from '@/db/statements';

/**
 * Failed sign-ins, counted in the database (so a restart does not reset them) by
 * rate-limiter-flexible: per account, 5 failures in 15 minutes lock it for 15 minutes; per
 * address, 20 failures in 15 minutes (a spray across accounts) lock that address out.
 *
 * Each attempt takes its point *before* the password is hashed (one atomic upsert per key), so
 * concurrent attempts cannot all pass a check made before any of them was counted: once the
 * limit's points are taken, further attempts are refused without hashing. A success gives its
 * points back (docs/decisions.md D61).
 */
export const ACCOUNT_LIMIT = { points: 5, duration: 15 * 60, blockDuration: 15 * 60 };
export const ADDRESS_LIMIT = { points: 20, duration: 15 * 60, blockDuration: 15 * 60 };

interface Limiters {
  account: RateLimiterAbstract;
  address: RateLimiterAbstract;
}
const cache = new WeakMap<object, Limiters>();

function limiters(db: Db): Limiters {
  let l = cache.get(connectionKey(db));
  if (!l) {
    const make = throttleStore(db);
    l = { account: make('acct', ACCOUNT_LIMIT), address: make('addr', ADDRESS_LIMIT) };
    cache.set(connectionKey(db), l);
  }
  return l;
}

/** Seconds to wait when the limiter refused; rethrows the store's own errors. */
function refusal(e: unknown): number {
  if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
  throw e;
}

/**
 * Takes one attempt from the address's and the account's allowance before the password is
 * checked. 0: the password may be checked; otherwise the seconds until either may try again.
 * The address is asked first, so a locked account does not use up the address's allowance
 * (its point is given back), and a locked address never touches the account's.
 */
export async function takeAttempt(db: Db, email: string, ip: string): Promise<number> {
  const l = limiters(db);
  try {
    await l.address.consume(ip);
  } catch (e) {
    return refusal(e);
  }
  try {
    await l.account.consume(email);
    return 0;
  } catch (e) {
    await l.address.reward(ip);
    return refusal(e);
  }
}

/**
 * A successful sign-in clears the account's count and gives the address its point back (a
 * success is not a failure; earlier failures from that address still count).
 */
export async function attemptSucceeded(db: Db, email: string, ip: string): Promise<void> {
  const l = limiters(db);
  await Promise.all([l.account.delete(email), l.address.reward(ip)]);
}
