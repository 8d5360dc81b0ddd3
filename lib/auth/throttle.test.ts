import { describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, attemptSucceeded, takeAttempt } from './throttle';

/** `n` attempts that fail (their points are never given back). */
async function fail(db: Awaited<ReturnType<typeof openDb>>, n: number, email: string, ip: string) {
  for (let i = 0; i < n; i++) expect(await takeAttempt(db, email, ip)).toBe(0);
}

describe('sign-in throttle', () => {
  it('locks an account after its limit of failures, and a success before that clears it', async () => {
    const db = openDb(':memory:');
    await fail(db, ACCOUNT_LIMIT.points - 1, 'a@x', '1.1.1.1');
    await attemptSucceeded(db, 'a@x', '1.1.1.1');
    await fail(db, ACCOUNT_LIMIT.points, 'a@x', '1.1.1.1');
    const wait = await takeAttempt(db, 'a@x', '2.2.2.2');
    expect(wait).toBeGreaterThan(ACCOUNT_LIMIT.blockDuration - 5);
    expect(await takeAttempt(db, 'a@x', '3.3.3.3')).toBeGreaterThan(0);
    expect(await takeAttempt(db, 'b@x', '2.2.2.2')).toBe(0);
  });

  it('lets no more than the limit through when attempts arrive all at once', async () => {
    const db = openDb(':memory:');
    const waits = await Promise.all(
      Array.from({ length: 300 }, (_, i) => takeAttempt(db, 'race@x', `10.0.${i >> 8}.${i & 255}`)),
    );
    expect(waits.filter((w) => w === 0)).toHaveLength(ACCOUNT_LIMIT.points);
    expect(Math.min(...waits.filter((w) => w > 0))).toBeGreaterThan(60);
  });

  it('locks an address spraying many accounts', async () => {
    const db = openDb(':memory:');
    for (let i = 0; i < ADDRESS_LIMIT.points; i++) await fail(db, 1, `u${i}@x`, '3.3.3.3');
    expect(await takeAttempt(db, 'fresh@x', '3.3.3.3')).toBeGreaterThan(0);
    expect(await takeAttempt(db, 'fresh@x', '4.4.4.4')).toBe(0);
  });

  it("does not spend an address's allowance on a locked account, nor on successes", async () => {
    const db = openDb(':memory:');
    await fail(db, ACCOUNT_LIMIT.points, 'locked@x', '9.9.9.1');
    // Refused attempts on the locked account: the address keeps its allowance.
    for (let i = 0; i < ADDRESS_LIMIT.points; i++)
      expect(await takeAttempt(db, 'locked@x', '5.5.5.5')).toBeGreaterThan(0);
    for (let i = 0; i < ADDRESS_LIMIT.points; i++) {
      expect(await takeAttempt(db, `ok${i}@x`, '5.5.5.5')).toBe(0);
      await attemptSucceeded(db, `ok${i}@x`, '5.5.5.5');
    }
    expect(await takeAttempt(db, 'fresh@x', '5.5.5.5')).toBe(0);
  });
});
