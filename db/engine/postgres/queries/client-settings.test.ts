import { describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/client-settings';
import * as pgq from './client-settings';
import { bothEngines } from './machine-parity';

const e = bothEngines();
const AT = 1_760_000_000;

async function both<T>(
  f: (q: typeof lite | typeof pgq, db: never) => T | Promise<T>,
): Promise<[Awaited<T>, Awaited<T>]> {
  return [await f(lite, e.lite as never), await f(pgq, e.pg as never)];
}

describe('client settings on PostgreSQL, beside SQLite', () => {
  it('save, list and read alike', async () => {
    const [l1, p1] = await both((q, db) =>
      q.saveClientSettings(db, { clientId: 'b', doorOpen: 1, at: AT, by: 'ann' }),
    );
    expect(p1).toEqual(l1);
    expect(p1).toEqual({ clientId: 'b', doorOpen: 1, updatedAt: AT, updatedBy: 'ann' });
    await both((q, db) =>
      q.saveClientSettings(db, { clientId: 'B', doorOpen: 1, at: AT, by: 'ann' }),
    );
    const [l2, p2] = await both((q, db) =>
      q.saveClientSettings(db, { clientId: 'b', doorOpen: 0, at: AT + 5, by: 'bob' }),
    );
    expect(p2).toEqual(l2);
    expect(p2.doorOpen).toBe(0);
    const [ll, pl] = await both((q, db) => q.listClientSettings(db));
    expect(pl).toEqual(ll);
    expect(pl.map((r) => r.clientId)).toEqual(['B', 'b']);
    const [lg, pg] = await both((q, db) => q.getClientSettings(db, 'B'));
    expect(pg).toEqual(lg);
    const [ln, pn] = await both((q, db) => q.getClientSettings(db, 'x'));
    expect([pn, ln]).toEqual([undefined, undefined]);
    for (const id of ['b', 'B', 'x']) {
      const [l, p] = await both((q, db) => q.storedDoorOpen(db, id));
      expect(p).toBe(l);
    }
    expect(await pgq.storedDoorOpen(e.pg, 'b')).toBe(0);
    // The named statement again, inside a transaction (another connection, or the same one).
    expect(await e.pg.transaction((tx) => pgq.storedDoorOpen(tx, 'B'))).toBe(1);
  });
});
