import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/report-schedules';
import * as pg from './report-schedules';
import { bothOf, onBoth, openEngines, rowsOf, type Engines } from './ops-parity-support';

let e: Engines;
beforeAll(async () => {
  e = await openEngines();
  await onBoth(
    e,
    `insert into notification_channels (id, kind, name, config, summary, created_at, created_by, deleted_at)
      values (1, 'webhook', 'ops', '{}', 'hook', 1, 'x', null), (2, 'email', 'boss', '{}', 'b@x', 1, 'x', null),
             (3, 'webhook', 'gone', '{}', '', 1, 'x', 5), (4, 'email', 'boss', '{}', 'c@x', 1, 'x', null);`,
  );
}, 60_000);
afterAll(async () => e?.stop());
const both = bothOf(() => e, lite, pg);

describe('report schedules on PostgreSQL, as on SQLite', () => {
  it('live channels, schedules listed by time, claimed once a day, deleted once', async () => {
    const [c1, c2] = await both((s, db) => s.liveChannels(db));
    expect(c2).toEqual(c1);
    expect(c2.map((c) => c.id)).toEqual([2, 4, 1]);
    const [o1, o2] = await both((s, db) => s.liveChannel(db, { id: 1 }));
    expect(o2).toEqual(o1);
    expect(o2).toEqual({ id: 1, name: 'ops' });
    expect(await both((s, db) => s.liveChannel(db, { id: 3 }))).toEqual([undefined, undefined]);

    const rows = [
      { report: 'daily', channelId: 1, at: '08:00', createdAt: 1, createdBy: 'amy' },
      {
        report: 'daily',
        channelId: 3,
        at: '07:30',
        language: 'en' as const,
        createdAt: 2,
        createdBy: 'amy',
      },
      { report: 'weekly', channelId: 2, at: '08:00', createdAt: 3, createdBy: 'bo' },
      { report: 'daily', channelId: 4, at: '06:00', createdAt: 4, createdBy: 'bo' },
    ];
    for (const r of rows)
      expect(new Set(await both((s, db) => s.insertSchedule(db, r))).size).toBe(1);
    expect(await both((s, db) => s.deleteSchedule(db, { id: 4, at: 9 }))).toEqual([true, true]);
    expect(await both((s, db) => s.deleteSchedule(db, { id: 4, at: 9 }))).toEqual([false, false]);
    const claims: [number, string, boolean][] = [
      [1, '2026-12-01', true],
      [1, '2026-12-01', false],
      [1, '2026-11-30', false],
      [1, '2026-12-02', true],
      [4, '2026-12-02', false], // deleted
      [3, '2026-12-01', true],
    ];
    for (const [id, day, won] of claims) {
      expect(await both((s, db) => s.claimScheduleDay(db, { id, day })), `${id} ${day}`).toEqual([
        won,
        won,
      ]);
    }
    const [l1, l2] = await both((s, db) => s.listSchedules(db));
    expect(l2).toEqual(l1);
    expect(l2.map((r) => [r.id, r.channelName, r.channelDeletedAt, r.lastQueuedFor])).toEqual([
      [2, 'gone', 5, null],
      [1, 'ops', null, '2026-12-02'],
      [3, 'boss', null, '2026-12-01'],
    ]);
    const [g1, g2] = await both((s, db) => s.getSchedule(db, { id: 2 }));
    expect(g2).toEqual(g1);
    expect(g2).toMatchObject({ language: 'en', channelKind: 'webhook' });
    expect(await both((s, db) => s.getSchedule(db, { id: 4 }))).toEqual([undefined, undefined]);
  });

  it('two processes claiming one day at once: one takes it', async () => {
    for (const day of ['2027-01-01', '2027-01-02', '2027-01-03']) {
      const got = await Promise.all(
        [0, 1, 2, 3].map(() => pg.claimScheduleDay(e.pg, { id: 3, day })),
      );
      expect(got.filter(Boolean)).toHaveLength(1);
    }
  });

  it('a report queued once per key, and the schedule’s deliveries', async () => {
    const queue = [
      ['report:1:2026-12-01', 1, 100],
      ['report:1:2026-12-01', 1, 101],
      ['report:12:2026-12-01', 2, 102],
      ['report:1:2026-12-02', 1, 103],
    ] as const;
    for (const [dedupeKey, channelId, now] of queue) {
      const p = { dedupeKey, channelId, language: 'zh-CN' as const, payload: '{}', now };
      const [a, b] = await both((s, db) => s.queueReportDelivery(db, p));
      expect(b).toBe(a);
      expect(b).toBe(now !== 101);
    }
    const [r1, r2] = await both((s, db) => s.reportDeliveries(db, { scheduleId: 1 }));
    expect(r2).toEqual(r1);
    expect(r2.map(({ id: _, ...r }) => r)).toEqual([
      { dedupeKey: 'report:1:2026-12-01', state: 'pending', createdAt: 100 },
      { dedupeKey: 'report:1:2026-12-02', state: 'pending', createdAt: 103 },
    ]);
    const t = await rowsOf(e, 'notification_deliveries', 'id');
    expect(t.pg.length).toBe(3);
    const [s1, s2] = [t.lite as { id: number }[], t.pg as { id: number }[]];
    expect(s2.map((r) => r.id)).toEqual(s1.map((r) => r.id));
  });
});
