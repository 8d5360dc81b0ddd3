import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/audit';
import * as pg from './audit';
import { bothOf, openEngines, type Engines } from './ops-parity-support';

let e: Engines;
beforeAll(async () => {
  e = await openEngines();
}, 60_000);
afterAll(async () => e?.stop());
const both = bothOf(() => e, lite, pg);

const row = (i: number, over: Partial<lite.NewAudit>): lite.NewAudit => ({
  at: 1000 + i * 10,
  actorKind: 'user',
  actorId: 1,
  actorLabel: 'amy@x.cn',
  action: 'user.create',
  targetKind: 'user',
  targetId: String(i),
  ...over,
});

describe('the audit log on PostgreSQL, as on SQLite', () => {
  it('filters by actor (any case, any part), action or prefix, target, time and cursor', async () => {
    const rows = [
      row(1, {}),
      row(2, { actorLabel: 'Bob@X.cn', action: 'user.disable', before: '{"a":1}' }),
      row(3, { actorKind: 'token', actorId: null, actorLabel: 'grafana', action: 'token.create' }),
      row(4, { actorLabel: 'a\\b_c', action: 'settings.save', targetKind: null, targetId: null }),
      row(5, { action: 'userx.create', ip: '10.0.0.1' }),
      row(6, { action: 'user.create', targetId: '1' }),
    ];
    for (const r of rows) await both((s, db) => s.insertAudit(db, r));
    const cases: lite.AuditFilter[] = [
      { limit: 10 },
      { limit: 2 },
      { actor: 'X.CN', limit: 10 },
      { actor: 'a\\b', limit: 10 },
      { actor: '%_', limit: 10 },
      { action: 'user.', limit: 10 },
      { action: 'user.create', limit: 10 },
      { targetKind: 'user', targetId: '1', limit: 10 },
      { from: 1020, to: 1050, limit: 10 },
      { before: 4, limit: 10 },
    ];
    const ids: number[][] = [];
    for (const f of cases) {
      const [a, b] = await both((s, db) => s.listAudit(db, f));
      expect(b, JSON.stringify(f)).toEqual(a);
      ids.push(b.map((r) => r.id));
    }
    expect(ids).toEqual([
      [6, 5, 4, 3, 2, 1],
      [6, 5],
      [6, 5, 2, 1],
      [4],
      [6, 5, 4, 3, 2, 1],
      [6, 2, 1],
      [6, 1],
      [6, 1],
      [5, 4, 3, 2],
      [3, 2, 1],
    ]);
    const [a, b] = await both((s, db) => s.auditActions(db));
    expect(b).toEqual(a);
    expect(b).toEqual([
      'settings.save',
      'token.create',
      'user.create',
      'user.disable',
      'userx.create',
    ]);
  });
});
