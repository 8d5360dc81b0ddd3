import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/alert-sources';
import * as pg from './alert-sources';
import { bothOf, onBoth, openEngines, type Engines } from './ops-parity-support';

let e: Engines;
beforeAll(async () => {
  e = await openEngines();
  await onBoth(
    e,
    `insert into machines (asset_id, platform, origin, created_at, updated_at, last_seen_at) values
      ('M1', 'smartvending', 'sync', 1, 1, 100), ('M2', 'smartvending', 'sync', 1, 1, 500),
      ('M3', 'smartvending', 'sync', 1, 1, null), ('M4', 'smartvending', 'sync', 1, 1, 50),
      ('M5', 'smartvending', 'sync', 1, 1, 900), ('M6', 'smartvending', 'sync', 1, 1, 900);
    insert into machine_status (asset_id, online, door_state, is_sale, updated_at) values
      ('M1', 1, 0, 1, 10), ('M2', 0, 1, null, 20), ('M3', 1, null, null, 30),
      ('M4', 0, 0, null, 40), ('M5', 0, null, 0, 50), ('M6', 0, null, null, 60);
    insert into machine_events (asset_id, at, kind, from_value, to_value) values
      ('M1', 50, 'online', '0', '1'), ('M1', 70, 'online', '0', '1'), ('M1', 60, 'door', '1', '0'),
      ('M2', 300, 'online', '1', '0'), ('M2', 250, 'online', '0', '1'), ('M2', 400, 'door', '0', '1');
    insert into machine_faults (asset_id, cid, pcode, ccode, raised_at, cleared_at) values
      ('M1', '1', 'P1', 'C1', 15, null), ('M2', '1', 'P2', 'C2', 16, 20),
      ('M3', '2', 'P3', 'C3', 17, null), ('M3', '1', 'P4', 'C4', 18, null);
    insert into shelves (asset_id, cid, location_id, goods_id, sold_out, in_planogram, soldout_time,
        refill_stock, refill_time, sold_since_refill, platform_sold, platform_sold_at) values
      ('M1', '1', '1', null, 1, 1, 100, null, null, 0, null, null),
      ('M1', '2', '1', null, 1, 1, null, null, null, 0, null, null),
      ('M1', '1', '2', null, 1, 0, 50, null, null, 0, null, null),
      ('M1', '1', '10', null, 1, 1, 90, null, null, 0, null, null),
      ('M2', '1', '1', 'g1', 0, 1, null, null, null, 0, null, null),
      ('M2', '1', '2', 'g2', 0, 1, null, 5, 100, 2, 10, 200),
      ('M2', '1', '3', 'g3', 0, 1, null, 5, 100, 1, null, 300),
      ('M2', '1', '4', null, 0, 1, null, 5, 100, 1, 9, 50),
      ('M2', '1', '5', 'g5', 0, 1, null, null, null, 0, null, null),
      ('M4', '1', '1', null, 0, 1, null, null, null, 0, null, null),
      ('M5', '1', '1', null, 0, 1, null, null, null, 0, null, null),
      ('M6', '1', '1', null, 0, 1, null, null, null, 0, null, null);
    -- SQLite's insert trigger derives the stock basis from settlements: set after, as data.
    update shelves set refill_stock = 5, refill_time = 100 where asset_id = 'M2'
      and location_id in ('2', '3', '4');
    insert into shelf_demand (asset_id, cid, location_id, goods_id, units_per_day, units,
        exposure_days, source, fitted_at) values
      ('M2', '1', '1', 'g1', 0.5, 1, 1, 'own', 1), ('M2', '1', '2', 'g2', 1, 1, 1, 'own', 1),
      ('M2', '1', '3', 'g3', 1, 1, 1, 'own', 1), ('M2', '1', '4', null, 1.25, 1, 1, 'own', 1),
      ('M2', '1', '5', 'other', 8, 1, 1, 'own', 1),
      ('M4', '1', '1', null, 1, 1, 1, 'own', 1), ('M5', '1', '1', null, 1, 1, 1, 'own', 1),
      ('M6', '1', '1', null, 0, 1, 1, 'own', 1);
    insert into machine_demand (asset_id, shape, units_per_day, utc_offset, window_from,
        window_to, fitted_at) values
      ('M2', '[1]', 2, 480, 0, 1, 1), ('M4', '[1]', 1, 0, 0, 1, 1), ('M5', '[1]', 1, 0, 0, 1, 1),
      ('M6', '[1]', 1, 0, 0, 1, 1);
    insert into refill_settlements (asset_id, refill_time, source, received_at) values
      ('M2', 120, 'push', 1), ('M2', 150, 'push', 1), ('M4', 990, 'push', 1);
    insert into trades (asset_id, count, pay_time, create_time, delivery, source, first_seen_at,
        updated_at) values
      ('M2', 2, 250, 240, 'delivered', 'push', 1, 1), ('M2', null, null, 260, 'delivered', 'push', 1, 1),
      ('M2', 4, 100, 90, 'delivered', 'push', 1, 1), ('M2', 5, 270, 270, 'failed', 'push', 1, 1),
      ('M2', 6, 1000, 990, 'delivered', 'push', 1, 1), ('M1', 3, 300, 300, 'delivered', 'push', 1, 1);
    insert into machine_clocks (asset_id, ahead_by, since, seen_at) values
      ('M3', 120, 5, 6), ('M1', 600, 7, 8);
    insert into temperature_readings (asset_id, cid, at, cry_tem_ul, left_rm_tem, chambers) values
      ('M1', '1', 10, 8, 4, null), ('M1', '1', 20, 8, 5, null), ('M1', '1', 20, 8, 6, null),
      ('M1', '1', 15, 8, 7, null), ('M1', '2', 5, null, -18, null),
      ('M2', '1', 7, 10, 3, '{"c3":2}'), ('M4', '1', 9, 10, 9, null);
    insert into cabinets (machine_id, created_at) values ('M1', 1);
    insert into cabinet_orders (order_id, token_hash, machine_id, door_no, type, state,
        review_reason, created_at, updated_at, closed_at) values
      ('o2', 'h', 'M1', 2, 'buy', 'needs_review', 'weight', 20, 40, null),
      ('o1', 'h', 'M1', 1, 'restock', 'needs_review', null, 10, 30, 35),
      ('o3', 'h', 'M1', 1, 'buy', 'closed', null, 5, 5, 6);
    insert into inbox (kind, body, received_at, verification, status, error) values
      ('trade', '{}', 10, 'ok', 'failed', 'e1'), ('trade', '{}', 5, 'ok', 'failed', 'e2'),
      ('status', '{}', 7, 'ok', 'failed', null), ('status', '{}', 8, 'ok', 'done', 'x');
    insert into sync_runs (job, params, state, trigger, errors, created_at, finished_at) values
      ('trades', '{}', 'succeeded', 'schedule', '[]', 1, 10),
      ('trades', '{}', 'failed', 'schedule', '["a"]', 20, 25),
      ('trades', '{}', 'failed', 'schedule', '["b"]', 30, null),
      ('machines', '{}', 'failed', 'schedule', '["c"]', 40, 41),
      ('machines', '{}', 'succeeded', 'schedule', '[]', 50, 51),
      ('saas', '{}', 'failed', 'schedule', '["d"]', 60, 61),
      ('saas', '{}', 'running', 'schedule', '[]', 70, null);
    insert into reconcile_checks (run_id, start_time, end_time, day, checked_at) values
      (1, 0, 1, '2026-12-01', 11), (3, 0, 1, '2026-12-02', 31);
    insert into reconcile_diffs (check_id, asset_id, ours, theirs, amount_diff, count_diff) values
      (1, 'M2', '{}', '{}', -350, -1), (1, 'M1', '{}', '{}', 200, 2), (2, 'M3', '{}', '{}', 1, 1);`,
  );
}, 60_000);
afterAll(async () => e?.stop());
const both = bothOf(() => e, lite, pg);

/** SQLite states no order for these: both answers compared as sets, by each row's JSON. */
const sorted = <T>(rows: T[]) =>
  [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

const SOME: lite.Machines = ['M2', 'M1', 'M9', 'M1'];

describe('alert sources on PostgreSQL, as on SQLite', () => {
  it('offline, door open, silent: since their last such event, else their status', async () => {
    for (const m of [null, SOME]) {
      const [o1, o2] = await both((s, db) => s.offlineSince(db, m));
      expect(sorted(o2)).toEqual(sorted(o1));
      const [d1, d2] = await both((s, db) => s.doorOpenSince(db, m));
      expect(sorted(d2)).toEqual(sorted(d1));
      const [s1, s2] = await both((s, db) => s.silentSince(db, { before: 600, machines: m }));
      expect(sorted(s2)).toEqual(sorted(s1));
    }
    expect(await pg.offlineSince(e.pg, null)).toEqual([
      { assetId: 'M1', since: 70 },
      { assetId: 'M3', since: 30 },
    ]);
    expect(await pg.doorOpenSince(e.pg, SOME)).toEqual([{ assetId: 'M1', since: 60 }]);
    expect(await pg.silentSince(e.pg, { before: 600, machines: null })).toEqual([
      { assetId: 'M1', since: 100 },
      { assetId: 'M2', since: 500 },
      { assetId: 'M4', since: 50 },
    ]);
  });

  it('faults, sold-out shelves, clocks', async () => {
    for (const m of [null, SOME, ['M3']]) {
      const [f1, f2] = await both((s, db) => s.openFaults(db, m));
      expect(sorted(f2)).toEqual(sorted(f1));
      const [c1, c2] = await both((s, db) => s.clocksAhead(db, m));
      expect(sorted(c2)).toEqual(sorted(c1));
      const [s1, s2] = await both((s, db) => s.soldOutShelves(db, m));
      const cidsSorted = (rows: typeof s1) =>
        sorted(rows.map((r) => ({ ...r, cids: (JSON.parse(r.cids) as string[]).sort() })));
      expect(cidsSorted(s2)).toEqual(cidsSorted(s1));
    }
    expect(await pg.openFaults(e.pg, ['M3'])).toEqual([
      { assetId: 'M3', since: 17, cid: '2', pcode: 'P3', ccode: 'C3' },
      { assetId: 'M3', since: 18, cid: '1', pcode: 'P4', ccode: 'C4' },
    ]);
    expect(await pg.soldOutShelves(e.pg, null)).toEqual([
      { assetId: 'M1', since: 90, shelves: 3, cids: '["1-1","1-10","2-1"]' },
    ]);
    expect(await pg.clocksAhead(e.pg, SOME)).toEqual([{ assetId: 'M1', since: 7, aheadBy: 600 }]);
  });

  it('each container’s latest reading (ties to the newest row)', async () => {
    for (const m of [null, SOME, [], ['M9']]) {
      const [r1, r2] = await both((s, db) => s.latestReadingsOf(db, m));
      expect(sorted(r2)).toEqual(sorted(r1));
    }
    const got = await pg.latestReadingsOf(e.pg, null);
    expect(got.map((r) => [r.assetId, r.cid, r.at, r.leftRmTem, r.chambers])).toEqual([
      ['M1', '1', 20, 6, null],
      ['M1', '2', 5, -18, null],
      ['M2', '1', 7, 3, '{"c3":2}'],
      ['M4', '1', 9, 9, null],
    ]);
    expect(got[0]).toMatchObject({ cryTemUL: 8, cryTemDL: null, rightRmHeat: null });
  });

  it('orders to review, failed projections, failing jobs, reconciliation differences', async () => {
    const [o1, o2] = await both((s, db) => s.ordersNeedingReview(db));
    expect(sorted(o2)).toEqual(sorted(o1));
    expect(o2).toEqual([
      { assetId: 'M1', orderId: 'o1', since: 35, reason: null, doorNo: 1 },
      { assetId: 'M1', orderId: 'o2', since: 40, reason: 'weight', doorNo: 2 },
    ]);
    const [p1, p2] = await both((s, db) => s.failedProjections(db));
    expect(sorted(p2)).toEqual(sorted(p1));
    expect(p2).toEqual([
      { kind: 'status', since: 7, count: 1, firstId: 3, error: null },
      { kind: 'trade', since: 5, count: 2, firstId: 1, error: 'e1' },
    ]);
    const [j1, j2] = await both((s, db) => s.failingSyncJobs(db));
    expect(sorted(j2)).toEqual(sorted(j1));
    expect(j2).toEqual([
      { job: 'saas', since: 61, runs: 1, runId: 6, errors: '["d"]' },
      { job: 'trades', since: 25, runs: 2, runId: 3, errors: '["b"]' },
    ]);
    const [d1, d2] = await both((s, db) => s.reconcileDifferences(db));
    expect(sorted(d2)).toEqual(sorted(d1));
    expect(d2).toEqual([
      { assetId: 'M1', since: 11, day: '2026-12-01', checkId: 1, amountDiff: 200, countDiff: 2 },
      { assetId: 'M2', since: 11, day: '2026-12-01', checkId: 1, amountDiff: -350, countDiff: -1 },
    ]);
  });

  it('sales windows: demand of shelves with stock, from the later of online and refill', async () => {
    for (const m of [null, SOME, ['M4']]) {
      const p = { from: 100, to: 900, machines: m };
      const [w1, w2] = await both((s, db) => s.salesWindows(db, p));
      expect(sorted(w2)).toEqual(sorted(w1));
    }
    // M2: shelves 1 (0.5) and 4 (1.25): 2 sold more than its stock, 3's platform count is
    // unknown, 5's demand is for other goods. From 300 (back online then; refilled at 150).
    expect(await pg.salesWindows(e.pg, { from: 100, to: 900, machines: null })).toEqual([
      { assetId: 'M2', shape: '[1]', utcOffset: 480, unitsPerDay: 1.75, fromAt: 300, actual: 0 },
    ]);
    expect(await pg.salesWindows(e.pg, { from: 100, to: 900, machines: ['M2'] })).toHaveLength(1);
  });
});
