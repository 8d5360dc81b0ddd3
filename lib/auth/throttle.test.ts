import { describe, expect, it } from 'vitest';
import { openDb } from '@/db/client';
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, lockedFor, recordFailure, recordSuccess } from './throttle';

describe('sign-in throttle', () => {
  it('locks an account after its limit of failures, and a success before that clears it', async () => {
    const db = openDb(':memory:');
    for (let i = 0; i < ACCOUNT_LIMIT.points - 1; i++) await recordFailure(db, 'a@x', '1.1.1.1');
    expect(await lockedFor(db, 'a@x', '1.1.1.1')).toBe(0);
    await recordSuccess(db, 'a@x');
    for (let i = 0; i < ACCOUNT_LIMIT.points - 1; i++) await recordFailure(db, 'a@x', '1.1.1.1');
    expect(await lockedFor(db, 'a@x', '1.1.1.1')).toBe(0);
    await recordFailure(db, 'a@x', '1.1.1.1');
    const wait = await lockedFor(db, 'a@x', '2.2.2.2');
    expect(wait).toBeGreaterThan(ACCOUNT_LIMIT.blockDuration - 5);
    expect(await lockedFor(db, 'b@x', '2.2.2.2')).toBe(0);
  });
  it('locks an address spraying many accounts', async () => {
    const db = openDb(':memory:');
    for (let i = 0; i < ADDRESS_LIMIT.points; i++) await recordFailure(db, `u${i}@x`, '3.3.3.3');
    expect(await lockedFor(db, 'fresh@x', '3.3.3.3')).toBeGreaterThan(0);
    expect(await lockedFor(db, 'fresh@x', '4.4.4.4')).toBe(0);
  });
});
