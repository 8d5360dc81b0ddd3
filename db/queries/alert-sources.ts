import 'server-only';
import { held, ready } from '../transaction';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { tradeTime } from '../schema';
import type { Reading } from './temperatures';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/alert-sources';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

/**
 * What holds now, for the alert evaluator (lib/alerts/detect.ts): each source is one statement,
 * over the given machines (a tick's changed machines) or the whole fleet (null: the scan). No
 * limits: the evaluator needs every condition, and these are the fleet's exceptions, not its
 * machines. Platform codes as stored: online 1 = offline, doorState 0 = open (D71).
 */
export type Machines = readonly string[] | null;

const within = (col: SQL, m: Machines) =>
  m === null ? sql`1` : sql`${col} in (select value from json_each(${JSON.stringify(m)}))`;

/** Machines offline (or with their door open) and since when: their last such event, else their last status. */
function inState(db: DbOrTx, kind: 'online' | 'door', state: SQL, m: Machines) {
  return db.all<{ assetId: string; since: number }>(sql`
    select s.asset_id as assetId, coalesce(
      (select max(e.at) from machine_events e where e.asset_id = s.asset_id and e.kind = ${kind}),
      s.updated_at) as since
    from machine_status s where ${state} and ${within(sql`s.asset_id`, m)}`);
}

export async function offlineSince(db: DbOrTx, m: Machines) {
  if (isPg(db)) return onPg.offlineSince(pgOf(db), m);
  while (held(db)) await ready(db);
  return inState(db, 'online', sql`s.online = 1`, m);
}
export async function doorOpenSince(db: DbOrTx, m: Machines) {
  if (isPg(db)) return onPg.doorOpenSince(pgOf(db), m);
  while (held(db)) await ready(db);
  return inState(db, 'door', sql`s.door_state = 0`, m);
}

/** Machines silent since before `before`. */
export async function silentSince(db: DbOrTx, p: { before: number; machines: Machines }) {
  if (isPg(db)) return onPg.silentSince(pgOf(db), p);
  while (held(db)) await ready(db);
  return db.all<{ assetId: string; since: number }>(sql`
    select m.asset_id as assetId, m.last_seen_at as since from machines m
    where m.last_seen_at is not null and m.last_seen_at < ${p.before}
      and ${within(sql`m.asset_id`, p.machines)}`);
}

export async function openFaults(db: DbOrTx, m: Machines) {
  if (isPg(db)) return onPg.openFaults(pgOf(db), m);
  while (held(db)) await ready(db);
  return db.all<{ assetId: string; since: number; cid: string; pcode: string; ccode: string }>(sql`
    select f.asset_id as assetId, f.raised_at as since, f.cid as cid, f.pcode as pcode,
      f.ccode as ccode
    from machine_faults f where f.cleared_at is null and ${within(sql`f.asset_id`, m)}`);
}

/** Per machine: its sold-out planogram shelves and since the earliest. */
export async function soldOutShelves(db: DbOrTx, m: Machines) {
  if (isPg(db)) return onPg.soldOutShelves(pgOf(db), m);
  while (held(db)) await ready(db);
  return db.all<{ assetId: string; since: number | null; shelves: number; cids: string }>(sql`
    select asset_id as assetId, min(soldout_time) as since, count(*) as shelves,
      json_group_array(cid || '-' || location_id) as cids
    from shelves where sold_out = 1 and in_planogram = 1 and ${within(sql`asset_id`, m)}
    group by asset_id`);
}

export async function clocksAhead(db: DbOrTx, m: Machines) {
  if (isPg(db)) return onPg.clocksAhead(pgOf(db), m);
  while (held(db)) await ready(db);
  return db.all<{ assetId: string; since: number; aheadBy: number }>(sql`
    select asset_id as assetId, since, ahead_by as aheadBy from machine_clocks
    where ${within(sql`asset_id`, m)}`);
}

/** Each container's latest reading, for the given machines. */
export async function latestReadingsOf(db: DbOrTx, m: Machines) {
  if (isPg(db)) return onPg.latestReadingsOf(pgOf(db), m);
  while (held(db)) await ready(db);
  return db.all<
    Omit<Reading, 'chambers'> & { assetId: string; cid: string; chambers: string | null }
  >(sql`
    select t.asset_id as assetId, t.cid as cid, t.at as at, t.cry_tem_ul as cryTemUL,
      t.cry_tem_dl as cryTemDL, t.heat_tem_ul as heatTemUL, t.heat_tem_dl as heatTemDL,
      t.left_rm_tem as leftRmTem, t.right_rm_tem as rightRmTem,
      t.left_rm_ref as leftRmRef, t.right_rm_ref as rightRmRef,
      t.left_rm_heat as leftRmHeat, t.right_rm_heat as rightRmHeat, t.chambers as chambers
    from (select asset_id, cid, max(at) as at from temperature_readings
      where ${within(sql`asset_id`, m)} group by asset_id, cid) latest
    join temperature_readings t on t.id = (
      select t2.id from temperature_readings t2
      where t2.asset_id = latest.asset_id and t2.cid = latest.cid and t2.at = latest.at
      order by t2.id desc limit 1)`);
}

/** Cabinet orders waiting for someone's review (the cabinet-review page's). */
export async function ordersNeedingReview(db: DbOrTx) {
  if (isPg(db)) return onPg.ordersNeedingReview(pgOf(db));
  while (held(db)) await ready(db);
  return db.all<{
    assetId: string;
    orderId: string;
    since: number;
    reason: string | null;
    doorNo: number;
  }>(sql`
    select machine_id as assetId, order_id as orderId, coalesce(closed_at, updated_at) as since,
      review_reason as reason, door_no as doorNo
    from cabinet_orders where state = 'needs_review'`);
}

/** Verified messages whose projection failed, per kind of message. */
export async function failedProjections(db: DbOrTx) {
  if (isPg(db)) return onPg.failedProjections(pgOf(db));
  while (held(db)) await ready(db);
  return db.all<{
    kind: string;
    since: number;
    count: number;
    firstId: number;
    error: string | null;
  }>(sql`
    select kind, min(received_at) as since, count(*) as count, min(id) as firstId,
      (select error from inbox i2 where i2.kind = i.kind and i2.status = 'failed'
        order by i2.id limit 1) as error
    from inbox i where status = 'failed' group by kind`);
}

/**
 * Jobs whose latest finished run failed: since the first failure after their last success, and
 * how many runs failed in a row.
 */
export async function failingSyncJobs(db: DbOrTx) {
  if (isPg(db)) return onPg.failingSyncJobs(pgOf(db));
  while (held(db)) await ready(db);
  return db.all<{ job: string; since: number; runs: number; runId: number; errors: string }>(sql`
    select g.job as job, g.since as since, g.runs as runs, g.runId as runId,
      (select errors from sync_runs x where x.id = g.runId) as errors
    from (
      select f.job as job, min(coalesce(f.finished_at, f.created_at)) as since, count(*) as runs,
        max(f.id) as runId
      from (select job, max(id) as id from sync_runs where state in ('succeeded', 'failed')
        group by job) r
      join sync_runs last on last.id = r.id and last.state = 'failed'
      join sync_runs f on f.job = r.job and f.state = 'failed'
        and f.id > coalesce((select max(id) from sync_runs s
          where s.job = r.job and s.state = 'succeeded'), 0)
      group by f.job) g`);
}

/** The machines the latest completed reconciliation found disagreeing with the platform. */
export async function reconcileDifferences(db: DbOrTx) {
  if (isPg(db)) return onPg.reconcileDifferences(pgOf(db));
  while (held(db)) await ready(db);
  return db.all<{
    assetId: string;
    since: number;
    day: string | null;
    checkId: number;
    amountDiff: number;
    countDiff: number;
  }>(sql`
    select d.asset_id as assetId, c.checked_at as since, c.day as day, c.id as checkId,
      d.amount_diff as amountDiff, d.count_diff as countDiff
    from reconcile_diffs d join reconcile_checks c on c.id = d.check_id
    where c.id = (select max(c2.id) from reconcile_checks c2
      join sync_runs r on r.id = c2.run_id where r.state = 'succeeded')`);
}

/** A machine the silent-failure rule judges (lib/alerts/sales-below.ts, D96). */
export interface SalesWindowRow {
  assetId: string;
  /** Its stored hour-of-week shape (JSON, 168 weights of mean 1, migration 0024). */
  shape: string;
  /** The zone offset its hours of week were counted in. */
  utcOffset: number;
  /** Σ stored units a day over its planogram shelves that have stock now. */
  unitsPerDay: number;
  /** The window's start: `from`, or later if it came online or was refilled since. */
  fromAt: number;
  /** Units it delivered after `fromAt` up to `to` (paid, else created, as D5). */
  actual: number;
}

/**
 * The machines online, door shut, not saying they cannot sell, with demand stored for shelves
 * that have stock (in the planogram, not sold out, estimate unknown or above 0), and what they
 * sold since `from`, or since they came back from offline or were last refilled if later (a
 * first report of "online" says nothing of since when). One statement:
 * its per-machine terms are index seeks (the shelves' and the demand's keys, the last online
 * event, the last settlement, a range of `trades_delivered_units_idx`).
 */
export async function salesWindows(
  db: DbOrTx,
  p: { from: number; to: number; machines: Machines },
) {
  if (isPg(db)) return onPg.salesWindows(pgOf(db), p);
  while (held(db)) await ready(db);
  // Shelves summed per machine first, then the per-machine seeks: in one aggregate query SQLite
  // would evaluate them once per shelf row.
  return db.all<SalesWindowRow>(sql`
    with k as materialized (
      select s.asset_id as assetId, sum(d.units_per_day) as unitsPerDay
      from shelves s
      join shelf_demand d on d.asset_id = s.asset_id and d.cid = s.cid
        and d.location_id = s.location_id and d.goods_id is s.goods_id
      where s.in_planogram = 1 and s.sold_out = 0
        and (s.refill_stock is null or s.refill_stock - max(0, s.sold_since_refill,
          case when s.platform_sold_at > s.refill_time then s.platform_sold else 0 end) > 0)
        and ${within(sql`s.asset_id`, p.machines)}
      group by s.asset_id),
    c as materialized (
      select k.assetId as assetId, md.shape as shape, md.utc_offset as utcOffset,
        k.unitsPerDay as unitsPerDay,
        max(${p.from},
          coalesce((select case when e.from_value = '1' then e.at else 0 end
            from machine_events e where e.asset_id = k.assetId and e.kind = 'online'
            order by e.at desc limit 1), 0),
          coalesce((select max(r.refill_time) from refill_settlements r
            where r.asset_id = k.assetId), 0)) as fromAt
      from k
      join machine_status st on st.asset_id = k.assetId
      join machine_demand md on md.asset_id = k.assetId
      where k.unitsPerDay > 0 and st.online = 0
        and (st.door_state is null or st.door_state != 0)
        and (st.is_sale is null or st.is_sale != 0))
    select c.assetId, c.shape, c.utcOffset, c.unitsPerDay, c.fromAt,
      (select coalesce(sum(coalesce(t.count, 1)), 0) from trades t
        where t.asset_id = c.assetId and t.delivery = 'delivered'
          and ${tradeTime} > c.fromAt and ${tradeTime} <= ${p.to}) as actual
    from c`);
}
