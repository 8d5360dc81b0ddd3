import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/leases';
import * as pg from './leases';
import { bothOf, openEngines, type Engines } from './ops-parity-support';

let e: Engines;
beforeAll(async () => {
  e = await openEngines();
}, 60_000);
afterAll(async () => e?.stop());
const both = bothOf(() => e, lite, pg);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('leases on PostgreSQL, as on SQLite', () => {
  it('take, renew, refuse while held, take over once expired, release', async () => {
    const steps: [string, number, boolean][] = [
      ['p1', 100, true], // free
      ['p2', 105, false], // p1 holds it until 130
      ['p1', 120, true], // renewed until 150
      ['p2', 149, false],
      ['p2', 150, true], // expired at 150
      ['p1', 151, false],
    ];
    for (const [holder, now, wins] of steps) {
      const got = await both((s, db) => s.holdLease(db, { name: 'alerts', holder, ttlS: 30, now }));
      expect(got, `${holder} at ${now}`).toEqual([wins, wins]);
    }
    const [a, b] = await both((s, db) => s.leaseOf(db, 'alerts'));
    expect(b).toEqual(a);
    expect(b).toEqual({ holder: 'p2', expiresAt: 180 });
    await both((s, db) => s.releaseLease(db, { name: 'alerts', holder: 'p1' }));
    expect((await both((s, db) => s.leaseOf(db, 'alerts')))[1]?.holder).toBe('p2');
    await both((s, db) => s.releaseLease(db, { name: 'alerts', holder: 'p2' }));
    expect(await both((s, db) => s.leaseOf(db, 'alerts'))).toEqual([undefined, undefined]);
  });

  it('two processes taking a free lease at once: exactly one wins', async () => {
    for (let round = 0; round < 20; round++) {
      const name = `race-${round}`;
      const got = await Promise.all(
        ['a', 'b', 'c', 'd'].map((holder) =>
          pg.holdLease(e.pg, { name, holder, ttlS: 30, now: 1000 }),
        ),
      );
      expect(got.filter(Boolean)).toHaveLength(1);
    }
  });

  it('a take waiting on another connection’s uncommitted take loses once that commits', async () => {
    await pg.holdLease(e.pg, { name: 'held', holder: 'old', ttlS: 10, now: 0 });
    let second: Promise<boolean> | undefined;
    let secondDone = false;
    const first = await e.pg.transaction(async (tx) => {
      const won = await pg.holdLease(tx, { name: 'held', holder: 'a', ttlS: 30, now: 500 });
      second = pg.holdLease(e.pg, { name: 'held', holder: 'b', ttlS: 30, now: 500 });
      void second.then(() => (secondDone = true));
      await sleep(200);
      // b's statement waits on the row a locked (it would have won the expired lease alone).
      expect(secondDone).toBe(false);
      return won;
    });
    expect(first).toBe(true);
    expect(await second).toBe(false);
    expect(await pg.leaseOf(e.pg, 'held')).toEqual({ holder: 'a', expiresAt: 530 });
  });
});
