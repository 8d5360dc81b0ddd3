import { RateLimiterSQLite, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '@/db/client';

/**
 * Failed sign-ins, counted in the database (so a restart does not reset them) by
 * rate-limiter-flexible: per account, 5 failures in 15 minutes lock it for 15 minutes; per
 * address, 20 failures in 15 minutes (a spray across accounts) lock that address out.
 */
export const ACCOUNT_LIMIT = { points: 5, duration: 15 * 60, blockDuration: 15 * 60 };
export const ADDRESS_LIMIT = { points: 20, duration: 15 * 60, blockDuration: 15 * 60 };

interface Limiters {
  account: RateLimiterSQLite;
  address: RateLimiterSQLite;
}
const cache = new WeakMap<object, Limiters>();

function limiters(db: Db): Limiters {
  let l = cache.get(db.$client);
  if (!l) {
    const common = {
      storeClient: db.$client,
      storeType: 'better-sqlite3' as const,
      tableName: 'auth_throttle',
      tableCreated: true,
    };
    l = {
      account: new RateLimiterSQLite({ ...common, keyPrefix: 'acct', ...ACCOUNT_LIMIT }),
      address: new RateLimiterSQLite({ ...common, keyPrefix: 'addr', ...ADDRESS_LIMIT }),
    };
    cache.set(db.$client, l);
  }
  return l;
}

/** Seconds until the account or address may try again, or 0 when it may now. */
export async function lockedFor(db: Db, email: string, ip: string): Promise<number> {
  const l = limiters(db);
  const [a, b] = await Promise.all([l.account.get(email), l.address.get(ip)]);
  const wait = (r: RateLimiterRes | null, points: number) =>
    r && r.consumedPoints > points ? Math.ceil(r.msBeforeNext / 1000) : 0;
  return Math.max(wait(a, ACCOUNT_LIMIT.points), wait(b, ADDRESS_LIMIT.points));
}

/** Counts a failure against both keys. */
export async function recordFailure(db: Db, email: string, ip: string): Promise<void> {
  const l = limiters(db);
  await Promise.all([
    l.account.penalty(email, 1).then(() => blockIfOver(l.account, email, ACCOUNT_LIMIT)),
    l.address.penalty(ip, 1).then(() => blockIfOver(l.address, ip, ADDRESS_LIMIT)),
  ]);
}

async function blockIfOver(
  limiter: RateLimiterSQLite,
  key: string,
  limit: typeof ACCOUNT_LIMIT,
): Promise<void> {
  const r = await limiter.get(key);
  if (r && r.consumedPoints >= limit.points) await limiter.block(key, limit.blockDuration);
}

/** A successful sign-in clears the account's count (not the address's). */
export async function recordSuccess(db: Db, email: string): Promise<void> {
  await limiters(db).account.delete(email);
}
