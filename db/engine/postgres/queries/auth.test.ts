import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/auth';
import * as pg from './auth';
import { bothOf, openEngines, rowsOf, type Engines } from './ops-parity-support';

let e: Engines;
beforeAll(async () => {
  e = await openEngines();
}, 60_000);
afterAll(async () => e?.stop());

const both = bothOf(() => e, lite, pg);

describe('accounts on PostgreSQL, as on SQLite', () => {
  it('users: insert, find, count, list, update', async () => {
    const users = [
      { email: 'Zed@x.cn', name: 'Zed', role: 'admin' as const, passwordHash: 'h1', at: 10 },
      { email: 'amy@x.cn', name: 'Amy', role: 'finance' as const, passwordHash: 'h2', at: 11 },
      { email: 'bo@x.cn', name: 'Bo', role: 'admin' as const, passwordHash: 'h3', at: 12 },
    ];
    for (const u of users) {
      const [a, b] = await both((s, db) => s.insertUser(db, u));
      expect(b).toEqual(a);
    }
    const [up1, up2] = await both((s, db) => s.updateUser(db, 3, { disabledAt: 50 }, 51));
    expect(up2).toEqual(up1);
    expect(up2).toMatchObject({ id: 3, disabledAt: 50, updatedAt: 51, name: 'Bo' });
    expect(await both((s, db) => s.updateUser(db, 99, { name: 'x' }, 1))).toEqual([
      undefined,
      undefined,
    ]);
    const [c1, c2] = await both((s, db) => s.countUsers(db));
    expect([c1, c2]).toEqual([3, 3]);
    const [a1, a2] = await both((s, db) => s.countActiveAdmins(db));
    expect([a1, a2]).toEqual([1, 1]);
    const [f1, f2] = await both((s, db) => s.findUserByEmail(db, 'ZED@X.CN'));
    expect(f2).toEqual(f1);
    expect(f2?.email).toBe('zed@x.cn');
    const [g1, g2] = await both((s, db) => s.getUser(db, 2));
    expect(g2).toEqual(g1);
    expect(g2?.name).toBe('Amy');
    const [l1, l2] = await both((s, db) => s.listUsers(db));
    expect(l2).toEqual(l1);
    expect(l2.map((u) => u.email)).toEqual(['amy@x.cn', 'bo@x.cn', 'zed@x.cn']);
    const [p1, p2] = await both((s, db) => s.peopleByIds(db, [3, 1, 42]));
    expect(p2).toEqual(p1);
    expect(p2).toEqual([
      { id: 1, name: 'Zed', role: 'admin' },
      { id: 3, name: 'Bo', role: 'admin' },
    ]);
    expect(await both((s, db) => s.peopleByIds(db, []))).toEqual([[], []]);
  });

  it('sessions: the live one with its user, touched, revoked one by one and all at once', async () => {
    const rows = [
      { idHash: 's1', userId: 1, createdAt: 1, lastSeenAt: 1, expiresAt: 100, ip: '1.2.3.4' },
      { idHash: 's2', userId: 1, createdAt: 2, lastSeenAt: 2, expiresAt: 100 },
      { idHash: 's3', userId: 2, createdAt: 3, lastSeenAt: 3, expiresAt: 100 },
    ];
    for (const r of rows) await both((s, db) => s.insertSession(db, r));
    await both((s, db) => s.touchSession(db, 's1', 9));
    const [w1, w2] = await both((s, db) => s.sessionWithUser(db, 's1'));
    expect(w2).toEqual(w1);
    expect(w2?.session).toMatchObject({ idHash: 's1', lastSeenAt: 9, userAgent: null });
    expect(w2?.user.email).toBe('zed@x.cn');
    await both((s, db) => s.revokeSession(db, 's3', 20));
    await both((s, db) => s.revokeSession(db, 's3', 21));
    expect(await both((s, db) => s.sessionWithUser(db, 's3'))).toEqual([undefined, undefined]);
    const [n1, n2] = await both((s, db) => s.revokeUserSessions(db, 1, 30));
    expect([n1, n2]).toEqual([2, 2]);
    expect(await both((s, db) => s.revokeUserSessions(db, 1, 31))).toEqual([0, 0]);
    const t = await rowsOf(e, 'sessions', 'id_hash');
    expect(t.pg).toEqual(t.lite);
    expect(t.pg.map((r) => (r as { revoked_at: number }).revoked_at)).toEqual([30, 30, 20]);
  });

  it('tokens: insert, by hash, by id, list newest first, revoke once, touch', async () => {
    for (const [i, name] of ['ci', 'grafana', 'n8n'].entries()) {
      const row = {
        name,
        role: 'finance' as const,
        tokenHash: `hash-${name}`,
        prefix: `p${i}`,
        createdBy: 1,
        createdAt: 100 + i,
        expiresAt: i === 1 ? 999 : null,
      };
      const [a, b] = await both((s, db) => s.insertToken(db, row));
      expect(b).toEqual(a);
    }
    const [h1, h2] = await both((s, db) => s.tokenByHash(db, 'hash-grafana'));
    expect(h2).toEqual(h1);
    expect(h2).toMatchObject({ id: 2, expiresAt: 999, lastUsedAt: null });
    expect(await both((s, db) => s.tokenByHash(db, 'nope'))).toEqual([undefined, undefined]);
    await both((s, db) => s.touchToken(db, 1, 500));
    const [g1, g2] = await both((s, db) => s.getToken(db, 1));
    expect(g2).toEqual(g1);
    expect(g2?.lastUsedAt).toBe(500);
    const [r1, r2] = await both((s, db) => s.revokeToken(db, 3, 600));
    expect(r2).toEqual(r1);
    expect(r2?.revokedAt).toBe(600);
    expect(await both((s, db) => s.revokeToken(db, 3, 601))).toEqual([undefined, undefined]);
    const [l1, l2] = await both((s, db) => s.listTokens(db));
    expect(l2).toEqual(l1);
    expect(l2.map((t) => t.id)).toEqual([3, 2, 1]);
  });
});
