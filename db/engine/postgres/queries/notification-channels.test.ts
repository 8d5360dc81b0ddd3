import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/notification-channels';
import * as pg from './notification-channels';
import { bothOf, openEngines, rowsOf, type Engines } from './ops-parity-support';

let e: Engines;
beforeAll(async () => {
  e = await openEngines();
}, 60_000);
afterAll(async () => e?.stop());
const both = bothOf(() => e, lite, pg);

describe('notification channels on PostgreSQL, as on SQLite', () => {
  it('insert, get, list newest first, soft delete once, outcomes counted', async () => {
    for (const [i, name] of ['ops', 'boss', 'night'].entries()) {
      const c = {
        kind: i === 1 ? ('email' as const) : ('webhook' as const),
        name,
        config: `{"i":${i}}`,
        summary: i === 2 ? '' : `to ${name}`,
        createdAt: 10 + i,
        createdBy: 'amy',
      };
      const [a, b] = await both((s, db) => s.insertChannel(db, c));
      expect(b).toEqual(a);
    }
    const [d1, d2] = await both((s, db) => s.softDeleteChannel(db, 2, 50));
    expect(d2).toEqual(d1);
    expect(d2).toMatchObject({ id: 2, deletedAt: 50 });
    expect(await both((s, db) => s.softDeleteChannel(db, 2, 51))).toEqual([undefined, undefined]);
    expect(await both((s, db) => s.getChannel(db, 2))).toEqual([undefined, undefined]);
    const [g1, g2] = await both((s, db) => s.getChannel(db, 1));
    expect(g2).toEqual(g1);
    expect(g2).toMatchObject({ name: 'ops', failures: 0, lastOkAt: null });
    const [l1, l2] = await both((s, db) => s.listChannels(db));
    expect(l2).toEqual(l1);
    expect(l2.map((c) => c.id)).toEqual([3, 1]);

    const outcomes = [
      { id: 1, ok: false, at: 100, countsFailures: true },
      { id: 1, ok: false, at: 101, countsFailures: true },
      { id: 1, ok: false, at: 102, countsFailures: false }, // a test send
      { id: 3, ok: false, at: 103, countsFailures: true },
      { id: 3, ok: true, at: 104, countsFailures: true },
      { id: 1, ok: true, at: 105, countsFailures: false },
    ];
    for (const o of outcomes) await both((s, db) => s.recordChannelOutcome(db, o));
    const t = await rowsOf(e, 'notification_channels', 'id');
    expect(t.pg).toEqual(t.lite);
    const [c1, c3] = await Promise.all([pg.getChannel(e.pg, 1), pg.getChannel(e.pg, 3)]);
    expect([c1?.failures, c1?.lastOkAt, c1?.lastFailedAt]).toEqual([2, 105, 102]);
    expect([c3?.failures, c3?.lastOkAt, c3?.lastFailedAt]).toEqual([0, 104, 103]);
  });

  it('failures sent at once from several processes are all counted', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        pg.recordChannelOutcome(e.pg, { id: 3, ok: false, at: 200 + i, countsFailures: true }),
      ),
    );
    expect((await pg.getChannel(e.pg, 3))?.failures).toBe(10);
  });
});
