import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/notification-rules';
import * as pg from './notification-rules';
import { bothOf, onBoth, openEngines, rowsOf, type Engines } from './ops-parity-support';

let e: Engines;
beforeAll(async () => {
  e = await openEngines();
  // Explicit ids: nothing here inserts into these tables afterwards.
  await onBoth(
    e,
    `insert into areas (id, name) values (1, 'North'), (2, 'East');
    insert into lines (id, name, area_id, origin, updated_at) values
      (1, 'Line B', 1, 'sync', 1), (2, 'Line A', 2, 'sync', 1);
    insert into sites (id, name, origin, updated_at) values (1, 'Station', 'sync', 1);
    insert into machines (asset_id, name, line_id, area_id, site_id, platform, origin, created_at, updated_at)
      values ('M1', 'Hall', 1, 1, 1, 'smartvending', 'sync', 1, 1),
             ('M2', null, null, null, null, 'smartvending', 'push', 1, 1);
    insert into notification_channels (id, kind, name, config, created_at, created_by, deleted_at)
      values (1, 'webhook', 'ops', '{}', 1, 'x', null), (2, 'email', 'boss', '{}', 1, 'x', null),
             (3, 'webhook', 'gone', '{}', 1, 'x', 5), (4, 'email', 'Aa', '{}', 1, 'x', null);`,
  );
}, 60_000);
afterAll(async () => e?.stop());
const both = bothOf(() => e, lite, pg);

const rule = (over: Partial<lite.NewRule>): lite.NewRule => ({
  channelId: 1,
  kinds: '["offline"]',
  createdAt: 100,
  createdBy: 'amy',
  ...over,
});

describe('notification rules on PostgreSQL, as on SQLite', () => {
  it('insert and delete move the version; live rules drop deleted channels and escalations', async () => {
    expect(await both((s, db) => s.rulesVersion(db))).toEqual(['0', '0']);
    const rules = [
      rule({}),
      rule({ channelId: 3 }), // its channel is deleted
      rule({ channelId: 2, escalateAfterMinutes: 30, escalateChannelId: 3, lineIds: '[1]' }),
      rule({ channelId: 2, escalateAfterMinutes: 15, escalateChannelId: 1, language: 'en' }),
      rule({ channelId: 4, quietFrom: '22:00', quietTo: '07:00' }),
    ];
    for (const r of rules) {
      const [a, b] = await both((s, db) => s.insertRule(db, r));
      expect(b).toEqual(a);
    }
    const [d1, d2] = await both((s, db) => s.deleteRule(db, { id: 5, at: 200, by: 'bo' }));
    expect(d2).toEqual(d1);
    expect(d2?.deletedAt).toBe(200);
    expect(await both((s, db) => s.deleteRule(db, { id: 5, at: 201, by: 'bo' }))).toEqual([
      undefined,
      undefined,
    ]);
    expect(await both((s, db) => s.rulesVersion(db))).toEqual(['6', '6']);
    await both((s, db) => s.bumpRulesVersion(db, 300, 'channels'));
    const settings = await rowsOf(e, 'app_settings', 'key');
    expect(settings.pg).toEqual(settings.lite);
    expect(settings.pg).toEqual([
      { key: 'notifications.rulesVersion', value: '7', updated_at: 300, updated_by: 'channels' },
    ]);
    const [l1, l2] = await both((s, db) => s.liveRules(db));
    expect(l2).toEqual(l1);
    expect(l2.map((r) => [r.id, r.escalateChannelId, r.escalateAfterMinutes])).toEqual([
      [1, null, null],
      [3, null, null],
      [4, 1, 15],
    ]);
    const t = await rowsOf(e, 'notification_rules', 'id');
    expect(t.pg).toEqual(t.lite);
  });

  it('two processes bumping at once both count', async () => {
    const before = Number(await pg.rulesVersion(e.pg));
    await Promise.all(Array.from({ length: 6 }, () => pg.bumpRulesVersion(e.pg, 1, 'x')));
    expect(await pg.rulesVersion(e.pg)).toBe(String(before + 6));
  });

  it('ids that exist, the form’s choices, a machine’s place', async () => {
    const [c1, c2] = await both((s, db) => s.liveChannelIds(db, [1, 3, 4, 9]));
    expect(c2).toEqual(c1);
    expect([...c2].sort()).toEqual([1, 4]);
    const [n1, n2] = await both((s, db) => s.existingLineIds(db, [2, 7]));
    expect(n2).toEqual(n1);
    expect([...n2]).toEqual([2]);
    const [a1, a2] = await both((s, db) => s.existingAreaIds(db, [1, 2, 3]));
    expect(a2).toEqual(a1);
    expect(a2.size).toBe(2);
    expect(await both((s, db) => s.existingAreaIds(db, []))).toEqual([new Set(), new Set()]);
    expect(await both((s, db) => s.liveChannelIds(db, []))).toEqual([new Set(), new Set()]);
    expect(await both((s, db) => s.existingLineIds(db, []))).toEqual([new Set(), new Set()]);
    const [r1, r2] = await both((s, db) => s.ruleChoices(db));
    expect(r2).toEqual(r1);
    expect(r2).toEqual({
      channels: [
        { id: 4, name: 'Aa', kind: 'email' },
        { id: 2, name: 'boss', kind: 'email' },
        { id: 1, name: 'ops', kind: 'webhook' },
      ],
      lines: [
        { id: 2, name: 'Line A' },
        { id: 1, name: 'Line B' },
      ],
      areas: [
        { id: 2, name: 'East' },
        { id: 1, name: 'North' },
      ],
    });
    for (const id of ['M1', 'M2', 'M9']) {
      const [p1, p2] = await both((s, db) => s.machinePlace(db, id));
      expect(p2).toEqual(p1);
    }
    expect(await pg.machinePlace(e.pg, 'M1')).toEqual({
      name: 'Hall',
      lineId: 1,
      areaId: 1,
      siteName: 'Station',
      lineName: 'Line B',
    });
  });
});
