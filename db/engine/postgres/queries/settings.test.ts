import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/settings';
import * as pg from './settings';
import { bothOf, openEngines, rowsOf, type Engines } from './ops-parity-support';

let e: Engines;
beforeAll(async () => {
  e = await openEngines();
}, 60_000);
afterAll(async () => e?.stop());
const both = bothOf(() => e, lite, pg);

describe('platform credentials on PostgreSQL, as on SQLite', () => {
  it('upsert, list, find, get, sign mode, delete; each change moves the version', async () => {
    expect(await both((s, db) => s.credentialsVersion(db))).toEqual([0, 0]);
    const inputs: lite.CredentialInput[] = [
      { platform: 'smartvending', account: 'b', secret: 's1', signMode: 'bare', baseUrl: null },
      { platform: 'smartvending', account: 'a', secret: 's2', signMode: null, baseUrl: 'http://x' },
      {
        platform: 'smartvending',
        account: 'b',
        secret: 's3',
        signMode: 'amp-lower',
        baseUrl: null,
      },
    ];
    for (const [i, c] of inputs.entries()) {
      const [a, b] = await both((s, db) => s.upsertCredential(db, c, 100 + i));
      expect(b).toEqual(a);
    }
    expect(await both((s, db) => s.credentialsVersion(db))).toEqual([3, 3]);
    const [l1, l2] = await both((s, db) => s.listCredentials(db));
    expect(l2).toEqual(l1);
    expect(l2.map((c) => [c.id, c.account, c.secret, c.createdAt, c.updatedAt])).toEqual([
      [2, 'a', 's2', 101, 101],
      [1, 'b', 's3', 100, 102],
    ]);
    const [f1, f2] = await both((s, db) => s.findCredential(db, 'smartvending', 'a'));
    expect(f2).toEqual(f1);
    expect(f2?.baseUrl).toBe('http://x');
    const [m1, m2] = await both((s, db) =>
      s.setCredentialSignMode(db, { id: 1, signMode: 'bare-upper', at: 200 }),
    );
    expect(m2).toEqual(m1);
    expect(m2).toMatchObject({ signMode: 'bare-upper', updatedAt: 200 });
    const [g1, g2] = await both((s, db) => s.getCredential(db, 1));
    expect(g2).toEqual(g1);
    const [d1, d2] = await both((s, db) => s.deleteCredential(db, 2));
    expect(d2).toEqual(d1);
    expect(d2?.account).toBe('a');
    expect(await both((s, db) => s.getCredential(db, 2))).toEqual([undefined, undefined]);
    expect(await both((s, db) => s.credentialsVersion(db))).toEqual([5, 5]);
    const t = await rowsOf(e, 'platform_credentials', 'id');
    expect(t.pg).toEqual(t.lite);
  });

  it('two processes saving at once both move the version (one increment each)', async () => {
    const before = await pg.credentialsVersion(e.pg);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        pg.upsertCredential(
          e.pg,
          {
            platform: 'smartvending',
            account: `c${i}`,
            secret: 's',
            signMode: null,
            baseUrl: null,
          },
          300,
        ),
      ),
    );
    expect(await pg.credentialsVersion(e.pg)).toBe(before + 8);
  });
});
