import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { UTC_CALENDAR } from '@/db/rollups';

const openDb = (file: string) => openDatabase(file, { calendar: UTC_CALENDAR });
import { holdLease, releaseLease } from './leases';

describe('holdLease', () => {
  it('gives a lease to one holder until it expires or is released', async () => {
    const db = openDb(':memory:');
    const lease = async (holder: string, now: number) =>
      await holdLease(db, { name: 'alerts', holder, ttlS: 30, now });
    expect(await lease('a', 1000)).toBe(true);
    expect(await lease('b', 1010)).toBe(false);
    expect(await lease('a', 1020)).toBe(true); // renewed to 1050
    expect(await lease('b', 1049)).toBe(false);
    expect(await lease('b', 1050)).toBe(true); // a stopped renewing: b takes over
    expect(await lease('a', 1051)).toBe(false);
    await releaseLease(db, { name: 'alerts', holder: 'b' });
    expect(await lease('a', 1052)).toBe(true);
  });
});
