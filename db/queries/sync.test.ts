import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { UTC_CALENDAR } from '@/db/rollups';

const openDb = (file: string) => openDatabase(file, { calendar: UTC_CALENDAR });
import { claimRun, finishRun, insertRun } from './sync';

describe('claimRun', () => {
  it('takes a queued run once, and never a second run of a job while one runs', async () => {
    const db = openDb(':memory:');
    const queue = async (job: 'trades' | 'refills') =>
      await insertRun(db, { job, params: {}, trigger: 'api', at: 1000 });
    const [a, b, c] = [await queue('trades'), await queue('trades'), await queue('refills')];
    expect(await claimRun(db, a, 1, 1001)).toBe(true);
    expect(await claimRun(db, a, 2, 1001)).toBe(false); // taken
    expect(await claimRun(db, b, 2, 1001)).toBe(false); // a trades run is running
    expect(await claimRun(db, c, 2, 1001)).toBe(true); // another job may run beside it
    await finishRun(db, a, 'succeeded', 1002);
    expect(await claimRun(db, b, 2, 1003)).toBe(true);
  });
});
