import { describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/clock';
import * as pgq from './clock';
import { bothEngines } from './machine-parity';

const e = bothEngines();
const AT = 1_760_000_000;

async function both<T>(
  f: (q: typeof lite | typeof pgq, db: never) => T | Promise<T>,
): Promise<[Awaited<T>, Awaited<T>]> {
  return [await f(lite, e.lite as never), await f(pgq, e.pg as never)];
}

describe('machine clocks on PostgreSQL, beside SQLite', () => {
  it('flag, keep the first time seen ahead, and clear alike', async () => {
    await both((q, db) => q.markClockAhead(db, { assetId: 'A1', aheadBy: 300, at: AT }));
    await both((q, db) => q.markClockAhead(db, { assetId: 'A1', aheadBy: 500, at: AT + 60 }));
    await both((q, db) => q.markClockAhead(db, { assetId: 'B2', aheadBy: 90, at: AT }));
    await both((q, db) => q.markClockRight(db, { assetId: 'B2' }));
    await both((q, db) => q.markClockRight(db, { assetId: 'C3' }));
    for (const assetId of ['A1', 'B2', 'C3']) {
      const [l, p] = await both((q, db) => q.machineClock(db, { assetId }));
      expect(p).toEqual(l);
    }
    expect(await pgq.machineClock(e.pg, { assetId: 'A1' })).toEqual({
      assetId: 'A1',
      aheadBy: 500,
      since: AT,
      seenAt: AT + 60,
    });
    expect(await pgq.machineClock(e.pg, { assetId: 'B2' })).toBeUndefined();
  });

  it('clear a flag another process set, once the flagged machines are read again', async () => {
    await e.pg.$client.query(`insert into machine_clocks values ('D4', 30, ${AT}, ${AT})`);
    await new Promise((r) => setTimeout(r, 300));
    await pgq.markClockRight(e.pg, { assetId: 'D4' });
    expect(await pgq.machineClock(e.pg, { assetId: 'D4' })).toBeUndefined();
  });

  it('clear a flag whose clearing was rolled back, when the next right time comes', async () => {
    await pgq.markClockAhead(e.pg, { assetId: 'E5', aheadBy: 30, at: AT });
    await expect(
      e.pg.transaction(async (tx) => {
        await pgq.markClockRight(tx, { assetId: 'E5' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await pgq.machineClock(e.pg, { assetId: 'E5' })).toBeDefined();
    await pgq.markClockRight(e.pg, { assetId: 'E5' });
    expect(await pgq.machineClock(e.pg, { assetId: 'E5' })).toBeUndefined();
  });
});
