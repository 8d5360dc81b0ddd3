import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import type { Machines, SalesWindowRow } from '@/db/queries/alert-sources';
import type { Reading } from '@/db/queries/temperatures';
import { tradeTime } from '@/db/schema/trades';

// PostgreSQL's forms of db/queries/alert-sources.ts (documented there): what holds now, for the
// alert evaluator, one statement per source. SQLite gives these rows in no stated order (the
// evaluator keys them by machine); here they come by machine (and container), so the answer
// of one engine is stable.

/** The machines as one text[] parameter (SQLite read a JSON text through json_each). */
const within = (col: SQL, m: Machines): SQL =>
  m === null ? sql`true` : sql`${col} = any(${sql.param([...m])}::text[])`;

async function rows<T>(db: PgDbOrTx, query: SQL): Promise<T[]> {
  return (await db.execute(query)).rows as T[];
}

function inState(db: PgDbOrTx, kind: 'online' | 'door', state: SQL, m: Machines) {
  return rows<{ assetId: string; since: number }>(
    db,
    sql`
    select s.asset_id as "assetId", coalesce(
      (select max(e.at) from machine_events e where e.asset_id = s.asset_id and e.kind = ${kind}),
      s.updated_at) as since
    from machine_status s where ${state} and ${within(sql`s.asset_id`, m)}
    order by s.asset_id`,
  );
}

export const offlineSince = (db: PgDbOrTx, m: Machines) =>
  inState(db, 'online', sql`s.online = 1`, m);
export const doorOpenSince = (db: PgDbOrTx, m: Machines) =>
  inState(db, 'door', sql`s.door_state = 0`, m);

export function silentSince(db: PgDbOrTx, p: { before: number; machines: Machines }) {
  return rows<{ assetId: string; since: number }>(
    db,
    sql`
    select m.asset_id as "assetId", m.last_seen_at as since from machines m
    where m.last_seen_at is not null and m.last_seen_at < ${p.before}
      and ${within(sql`m.asset_id`, p.machines)}
    order by m.asset_id`,
  );
}

export function openFaults(db: PgDbOrTx, m: Machines) {
  return rows<{ assetId: string; since: number; cid: string; pcode: string; ccode: string }>(
    db,
    sql`
    select f.asset_id as "assetId", f.raised_at as since, f.cid, f.pcode, f.ccode
    from machine_faults f where f.cleared_at is null and ${within(sql`f.asset_id`, m)}
    order by f.asset_id, f.id`,
  );
}

/**
 * `cids` is JSON text as SQLite's json_group_array writes it (no spaces), its shelves by
 * container and place (SQLite's follow its rows, in no stated order).
 */
export function soldOutShelves(db: PgDbOrTx, m: Machines) {
  return rows<{ assetId: string; since: number | null; shelves: number; cids: string }>(
    db,
    sql`
    select asset_id as "assetId", min(soldout_time) as since, count(*)::int as shelves,
      '[' || string_agg(to_json(cid || '-' || location_id)::text, ',' order by cid, location_id)
        || ']' as cids
    from shelves where sold_out = 1 and in_planogram = 1 and ${within(sql`asset_id`, m)}
    group by asset_id order by asset_id`,
  );
}

export function clocksAhead(db: PgDbOrTx, m: Machines) {
  return rows<{ assetId: string; since: number; aheadBy: number }>(
    db,
    sql`
    select asset_id as "assetId", since, ahead_by as "aheadBy" from machine_clocks
    where ${within(sql`asset_id`, m)} order by asset_id`,
  );
}

/**
 * Each container's newest reading without reading the history: a loose index scan of
 * temperature_asset_cid_at_idx finds the machines (or takes the given ones) and their
 * containers one probe each, then one backward probe per container takes its newest reading
 * (the highest id among equal times, as SQLite's). SQLite's group-by read every reading.
 */
export function latestReadingsOf(db: PgDbOrTx, m: Machines) {
  const assets =
    m === null
      ? sql`
      assets(asset_id) as (
        (select asset_id from temperature_readings order by asset_id limit 1)
        union all
        select (select t.asset_id from temperature_readings t where t.asset_id > a.asset_id
          order by t.asset_id limit 1)
        from assets a where a.asset_id is not null)`
      : sql`assets(asset_id) as (select distinct unnest(${sql.param([...m])}::text[]))`;
  return rows<
    Omit<Reading, 'chambers'> & { assetId: string; cid: string; chambers: string | null }
  >(
    db,
    sql`
    with recursive ${assets},
    pairs(asset_id, cid) as (
      select a.asset_id, f.cid from assets a
      cross join lateral (select t.cid from temperature_readings t where t.asset_id = a.asset_id
        order by t.cid limit 1) f
      where a.asset_id is not null
      union all
      select p.asset_id, n.cid from pairs p
      cross join lateral (select t.cid from temperature_readings t
        where t.asset_id = p.asset_id and t.cid > p.cid order by t.cid limit 1) n)
    select t.asset_id as "assetId", t.cid, t.at, t.cry_tem_ul as "cryTemUL",
      t.cry_tem_dl as "cryTemDL", t.heat_tem_ul as "heatTemUL", t.heat_tem_dl as "heatTemDL",
      t.left_rm_tem as "leftRmTem", t.right_rm_tem as "rightRmTem",
      t.left_rm_ref as "leftRmRef", t.right_rm_ref as "rightRmRef",
      t.left_rm_heat as "leftRmHeat", t.right_rm_heat as "rightRmHeat", t.chambers
    from pairs p
    cross join lateral (select * from temperature_readings t
      where t.asset_id = p.asset_id and t.cid = p.cid order by t.at desc, t.id desc limit 1) t
    order by t.asset_id, t.cid`,
  );
}

export function ordersNeedingReview(db: PgDbOrTx) {
  return rows<{
    assetId: string;
    orderId: string;
    since: number;
    reason: string | null;
    doorNo: number;
  }>(
    db,
    sql`
    select machine_id as "assetId", order_id as "orderId", coalesce(closed_at, updated_at) as since,
      review_reason as reason, door_no as "doorNo"
    from cabinet_orders where state = 'needs_review' order by created_at, order_id`,
  );
}

/** The first failure's error taken in the same pass (SQLite asked a subquery per kind). */
export function failedProjections(db: PgDbOrTx) {
  return rows<{
    kind: string;
    since: number;
    count: number;
    firstId: number;
    error: string | null;
  }>(
    db,
    sql`
    select kind, min(received_at) as since, count(*)::int as count, min(id) as "firstId",
      (array_agg(error order by id))[1] as error
    from inbox where status = 'failed' group by kind order by kind`,
  );
}

/**
 * Per job, its last success and last finished run from one pass over the finished runs (few:
 * runs are kept per job), then the failures since that success.
 */
export function failingSyncJobs(db: PgDbOrTx) {
  return rows<{ job: string; since: number; runs: number; runId: number; errors: string }>(
    db,
    sql`
    with r as (
      select job, max(id) as last_id, max(id) filter (where state = 'succeeded') as ok_id
      from sync_runs where state in ('succeeded', 'failed') group by job)
    select f.job, min(coalesce(f.finished_at, f.created_at)) as since, count(*)::int as runs,
      max(f.id) as "runId", (array_agg(f.errors order by f.id desc))[1] as errors
    from r
    join sync_runs last on last.id = r.last_id and last.state = 'failed'
    join sync_runs f on f.job = r.job and f.state = 'failed' and f.id > coalesce(r.ok_id, 0)
    group by f.job order by f.job`,
  );
}

export function reconcileDifferences(db: PgDbOrTx) {
  return rows<{
    assetId: string;
    since: number;
    day: string | null;
    checkId: number;
    amountDiff: number;
    countDiff: number;
  }>(
    db,
    sql`
    select d.asset_id as "assetId", c.checked_at as since, c.day, c.id as "checkId",
      d.amount_diff as "amountDiff", d.count_diff as "countDiff"
    from reconcile_diffs d join reconcile_checks c on c.id = d.check_id
    where c.id = (select max(c2.id) from reconcile_checks c2
      join sync_runs r on r.id = c2.run_id where r.state = 'succeeded')
    order by d.asset_id`,
  );
}

/**
 * SQLite's scalar max() is NULL when any argument is: a shelf whose platform count is newer
 * than its refill but unknown has no known stock left, and is left out, as there (PostgreSQL's
 * greatest() would skip the NULL). `is` becomes `is not distinct from`.
 */
export function salesWindows(
  db: PgDbOrTx,
  p: { from: number; to: number; machines: Machines },
): Promise<SalesWindowRow[]> {
  const platformSold = sql`(case when s.platform_sold_at > s.refill_time then s.platform_sold else 0 end)`;
  return rows<SalesWindowRow>(
    db,
    sql`
    with k as (
      select s.asset_id, sum(d.units_per_day) as units_per_day
      from shelves s
      join shelf_demand d on d.asset_id = s.asset_id and d.cid = s.cid
        and d.location_id = s.location_id and d.goods_id is not distinct from s.goods_id
      where s.in_planogram = 1 and s.sold_out = 0
        and (s.refill_stock is null or (${platformSold} is not null
          and s.refill_stock - greatest(0, s.sold_since_refill, ${platformSold}) > 0))
        and ${within(sql`s.asset_id`, p.machines)}
      group by s.asset_id),
    c as (
      select k.asset_id, md.shape, md.utc_offset, k.units_per_day,
        greatest(${p.from}::bigint,
          coalesce((select case when e.from_value = '1' then e.at else 0 end
            from machine_events e where e.asset_id = k.asset_id and e.kind = 'online'
            order by e.at desc, e.id desc limit 1), 0),
          coalesce((select max(r.refill_time) from refill_settlements r
            where r.asset_id = k.asset_id), 0)) as from_at
      from k
      join machine_status st on st.asset_id = k.asset_id
      join machine_demand md on md.asset_id = k.asset_id
      where k.units_per_day > 0 and st.online = 0
        and (st.door_state is null or st.door_state <> 0)
        and (st.is_sale is null or st.is_sale <> 0))
    select c.asset_id as "assetId", c.shape, c.utc_offset as "utcOffset",
      c.units_per_day as "unitsPerDay", c.from_at as "fromAt",
      (select coalesce(sum(coalesce(t.count, 1)), 0)::bigint from trades t
        where t.asset_id = c.asset_id and t.delivery = 'delivered'
          and ${tradeTime} > c.from_at and ${tradeTime} <= ${p.to}::bigint) as actual
    from c order by c.asset_id`,
  );
}
