import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/alert-records';
import * as liteSchema from '@/db/schema';
import * as pgSchema from '@/db/engine/postgres/schema';
import { bothEngines, seedFleet, type Engines } from './fleet-reads-fixture';
import * as pg from './alert-records';

let e: Engines;
const NOW = 10_000;
const byId = <T extends { id: number }>(rows: T[]) => [...rows].sort((a, b) => a.id - b.id);
const byKey = <T extends { conditionKey: string }>(rows: T[]) =>
  [...rows].sort((a, b) => (a.conditionKey < b.conditionKey ? -1 : 1));

beforeAll(async () => {
  e = await bothEngines();
  await seedFleet(e);
  const alert = (id: number, o: Record<string, unknown>) => ({
    id,
    kind: 'offline',
    assetId: 'A100',
    conditionKey: `offline:${id}`,
    state: 'open',
    startedAt: 1000,
    lastSeenAt: 2000,
    details: '{}',
    updatedAt: 2000,
    ...o,
  });
  // details written in jsonb's own key order and spacing, so the text reads back alike.
  await e.insert('alerts', [
    alert(1, { kind: 'low-stock', details: '{"shelves":3}', startedAt: 900 }),
    alert(2, { kind: 'low-stock', assetId: 'a200', details: '{"goods":["x"],"shelves":2}' }),
    alert(3, {
      kind: 'low-stock',
      assetId: 'C400',
      details: '{"shelves":4}',
      snoozedUntil: NOW + 1,
    }),
    alert(4, { kind: 'low-stock', assetId: 'E900', details: '{"note":"x"}', snoozedUntil: NOW }),
    alert(5, {
      kind: 'low-stock',
      assetId: 'D500',
      details: '{"shelves":9}',
      state: 'resolved',
      resolvedBy: 'bob',
    }),
    alert(6, {
      assetId: null,
      kind: 'sync',
      subject: 'trades',
      conditionKey: 'sync:trades',
      startedAt: 1000,
    }),
    alert(7, { kind: 'offline', assetId: 'a200', state: 'acknowledged', startedAt: 1000 }),
    alert(8, { kind: 'offline', assetId: 'A100', startedAt: 1000 }),
    alert(9, { kind: 'offline', assetId: null, conditionKey: 'offline:app', startedAt: 1000 }),
    alert(10, {
      kind: 'offline',
      assetId: 'F000',
      startedAt: 500,
      conditionKey: 'offline:F000',
      state: 'resolved',
    }),
    alert(11, {
      kind: 'offline',
      assetId: 'F000',
      startedAt: 800,
      conditionKey: 'offline:F000',
      state: 'resolved',
      resolvedBy: 'Alice',
    }),
  ]);
  const cond = (conditionKey: string, kind: string, assetId: string | null, o = {}) => ({
    conditionKey,
    kind,
    assetId,
    subject: '',
    firstSeenAt: 100,
    lastSeenAt: 200,
    clearSince: null,
    ...o,
  });
  await e.insert('alertConditions', [
    cond('offline:A100', 'offline', 'A100'),
    cond('offline:a200', 'offline', 'a200', { clearSince: 150 }),
    cond('sync:pull', 'sync', null, { subject: 'pull', firstSeenAt: null }),
    cond('low-stock:C400', 'low-stock', 'C400'),
  ]);
}, 60_000);

afterAll(async () => {
  await e?.stop();
});

const SCOPES = [
  { kinds: ['offline'], assetIds: null },
  { kinds: ['offline', 'low-stock', 'sync'], assetIds: null },
  { kinds: ['low-stock'], assetIds: ['a200', 'C400', 'nope'] },
  { kinds: ['offline'], assetIds: [] },
  { kinds: [], assetIds: null },
];

describe('alert records on PostgreSQL', () => {
  it('reads live alerts and pending conditions as SQLite does', async () => {
    for (const s of SCOPES) {
      expect(byId(await pg.liveAlerts(e.pg, s))).toEqual(byId(await lite.liveAlerts(e.lite, s)));
      expect(byKey(await pg.pendingConditions(e.pg, s))).toEqual(
        byKey(await lite.pendingConditions(e.lite, s)),
      );
    }
    const live = await pg.liveAlerts(e.pg, SCOPES[2]!);
    expect(byId(live).map((a) => [a.id, a.details])).toEqual([
      [2, '{"goods":["x"],"shelves":2}'],
      [3, '{"shelves":4}'],
    ]);
    for (const key of ['offline:7', 'offline:F000', 'sync:trades', 'nope']) {
      expect(await pg.liveAlertByKey(e.pg, key)).toEqual(await lite.liveAlertByKey(e.lite, key));
    }
    expect(await pg.liveAlertByKey(e.pg, 'offline:F000')).toBeUndefined();
    for (const key of ['offline:a200', 'sync:pull', 'nope'])
      expect(await pg.pendingByKey(e.pg, key)).toEqual(await lite.pendingByKey(e.lite, key));
    expect(await pg.pendingByKey(e.pg, 'sync:pull')).toEqual({
      conditionKey: 'sync:pull',
      kind: 'sync',
      assetId: null,
      subject: 'pull',
      firstSeenAt: null,
      clearSince: null,
    });
  });

  it('handResolved finds the latest alert of a condition', async () => {
    for (const c of [
      { key: 'offline:F000', assetId: 'F000' },
      { key: 'offline:app', assetId: null },
      { key: 'offline:F000', assetId: 'A100' },
      { key: 'nope', assetId: null },
    ])
      expect(await pg.handResolved(e.pg, c)).toEqual(await lite.handResolved(e.lite, c));
    expect(await pg.handResolved(e.pg, { key: 'offline:F000', assetId: 'F000' })).toEqual({
      id: 11,
      lastSeenAt: 2000,
      resolvedBy: 'Alice',
    });
  });

  it('the overview reads: the longest-standing live alerts per kind, and the counts', async () => {
    for (const perKind of [0, 1, 2, 10])
      for (const now of [NOW, NOW + 1, 0]) {
        const p = { now, perKind };
        expect(await pg.liveAlertsByKind(e.pg, p)).toEqual(await lite.liveAlertsByKind(e.lite, p));
      }
    const top = await pg.liveAlertsByKind(e.pg, { now: NOW, perKind: 2 });
    // Ties on the start by asset, byte order (E900 before a200); a live alert without a
    // machine before those with one (SQLite's NULL first).
    expect(top.map((a) => [a.kind, a.id])).toEqual([
      ['low-stock', 1],
      ['low-stock', 4],
      ['offline', 9],
      ['offline', 8],
      ['sync', 6],
    ]);
    expect(top[1]).toMatchObject({ name: 'alpha', siteName: 'S1', lineName: null, state: 'open' });
    for (const now of [NOW, NOW + 1, 0])
      expect(await pg.liveAlertCounts(e.pg, now)).toEqual(await lite.liveAlertCounts(e.lite, now));
    expect(await pg.liveAlertCounts(e.pg, NOW)).toEqual([
      // alert 3 is snoozed (its 4 shelves apart); alert 4 names no shelves
      { kind: 'low-stock', count: 3, snoozed: 1, shelves: 5 },
      { kind: 'offline', count: 3, snoozed: 0, shelves: 0 },
      { kind: 'sync', count: 1, snoozed: 0, shelves: 0 },
    ]);
  });

  it('the evaluator writes leave the same rows in both engines', async () => {
    const c = { key: 'offline:S600', kind: 'offline', assetId: 'S600', subject: '' };
    const pending = { ...c, firstSeenAt: 300, clearSince: null, at: 300 };
    await lite.keepPending(e.lite, pending);
    await pg.keepPending(e.pg, pending);
    const again = { ...c, firstSeenAt: 300, clearSince: 350, at: 400 };
    await lite.keepPending(e.lite, again);
    await pg.keepPending(e.pg, again);
    await lite.forgetPending(e.lite, 'offline:a200');
    await pg.forgetPending(e.pg, 'offline:a200');
    const open = { ...c, startedAt: 300, details: '{"since":300}', at: 400 };
    const liteId = await lite.insertAlert(e.lite, open);
    const pgId = await pg.insertAlert(e.pg, open);
    expect(pgId).toBe(liteId);
    expect(pgId).toBe(12);
    // A second process opening the same live condition gets nothing.
    expect(await pg.insertAlert(e.pg, open)).toBeUndefined();
    expect(await lite.insertAlert(e.lite, open)).toBeUndefined();
    // Written in jsonb's key order (shorter keys first), so both engines keep the same text.
    const touch = { details: '{"seen":2,"since":300}', at: 500 };
    await lite.touchAlert(e.lite, 12, touch);
    await pg.touchAlert(e.pg, 12, touch);
    for (const at of [600, 700]) {
      // The second finds it resolved already: nothing moves.
      await lite.resolveAlertByCondition(e.lite, 12, at);
      await pg.resolveAlertByCondition(e.pg, 12, at);
    }
    for (const ev of [
      { alertId: 12, at: 600, type: 'resolved', details: '{"by":"rule"}' },
      { alertId: 12, at: 601, type: 'note' },
    ]) {
      await lite.addAlertEvent(e.lite, ev);
      await pg.addAlertEvent(e.pg, ev);
    }

    const s = liteSchema;
    const p = pgSchema;
    const pgAlerts = await e.pg.select().from(p.alerts).orderBy(asc(p.alerts.id));
    expect(pgAlerts).toEqual(e.lite.select().from(s.alerts).orderBy(asc(s.alerts.id)).all());
    expect(
      await e.pg.select().from(p.alertConditions).orderBy(asc(p.alertConditions.conditionKey)),
    ).toEqual(
      e.lite.select().from(s.alertConditions).orderBy(asc(s.alertConditions.conditionKey)).all(),
    );
    expect(await e.pg.select().from(p.alertEvents).orderBy(asc(p.alertEvents.id))).toEqual(
      e.lite.select().from(s.alertEvents).orderBy(asc(s.alertEvents.id)).all(),
    );
    expect(pgAlerts.at(-1)).toMatchObject({
      id: 12,
      state: 'resolved',
      resolvedAt: 600,
      lastSeenAt: 500,
      details: '{"seen":2,"since":300}',
    });
    expect(await pg.pendingByKey(e.pg, 'offline:S600')).toMatchObject({ clearSince: 350 });
    expect(await pg.pendingByKey(e.pg, 'offline:a200')).toBeUndefined();
  });

  it('a look’s alerts seen again are written at once, as one by one', async () => {
    const before = await e.pg.select().from(pgSchema.alerts).orderBy(asc(pgSchema.alerts.id));
    const touches = before
      .filter((a) => a.id % 2 === 1)
      .map((a) => ({ id: a.id, details: `{"seen":${a.id}}`, at: 900 + a.id }));
    expect(touches.length).toBeGreaterThan(3);
    await lite.touchAlerts(e.lite, touches);
    await pg.touchAlerts(e.pg, touches);
    await lite.touchAlerts(e.lite, []);
    const after = await e.pg.select().from(pgSchema.alerts).orderBy(asc(pgSchema.alerts.id));
    expect(after).toEqual(
      e.lite.select().from(liteSchema.alerts).orderBy(asc(liteSchema.alerts.id)).all(),
    );
    for (const a of after) {
      const was = before.find((b) => b.id === a.id)!;
      if (a.id % 2 === 1)
        expect(a).toEqual({
          ...was,
          lastSeenAt: 900 + a.id,
          updatedAt: 900 + a.id,
          details: `{"seen":${a.id}}`,
        });
      else expect(a).toEqual(was);
    }
  });
});
