import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import type { FleetCounts, MachineRef, Ranked } from '@/db/queries/overview';
import type { Reading } from '@/db/queries/temperatures';
import { cabinetOnlineCode, cabinetSaleCode } from './machine-list';

/*
 * The overview's fleet-wide figures and alert sources (db/queries/overview.ts), one statement
 * each. Platform codes as stored: online 0 = online, doorState 0 = open, isSale 1 = sellable.
 * Column aliases are quoted: PostgreSQL folds unquoted names to lower case.
 */

async function all<T>(db: PgDbOrTx, q: SQL): Promise<T[]> {
  return (await db.execute(q)).rows as T[];
}

export async function fleetCounts(db: PgDbOrTx): Promise<FleetCounts> {
  // The sold-out counts read the partial index shelves_sold_out_idx (its WHERE written alike);
  // `emptied` is two seeks of shelves_asset_sold_out_idx per machine.
  const [row] = await all<FleetCounts>(
    db,
    sql`
    select count(*)::int as machines,
      count(*) filter (where online = 0)::int as online,
      count(*) filter (where online = 1)::int as offline,
      count(*) filter (where sale = 1 and not emptied)::int as sellable,
      count(*) filter (where sale = 0 or emptied)::int as "notSellable",
      count(*) filter (where door = 0)::int as "doorsOpen",
      (select count(distinct asset_id) from machine_faults where cleared_at is null)::int as "withFaults",
      (select count(*) from shelves where sold_out = 1 and in_planogram = 1)::int as "soldOutShelves",
      (select count(distinct asset_id) from shelves where sold_out = 1 and in_planogram = 1)::int as "machinesSoldOut"
    from (
      select coalesce(s.online, (select ${cabinetOnlineCode} from cabinets where machine_id = m.asset_id)) as online,
        coalesce(s.is_sale, (select ${cabinetSaleCode} from cabinets where machine_id = m.asset_id)) as sale,
        s.door_state as door,
        exists (select 1 from shelves x where x.asset_id = m.asset_id and x.in_planogram = 1)
          and not exists (select 1 from shelves x
            where x.asset_id = m.asset_id and x.in_planogram = 1 and x.sold_out = 0) as emptied
      from machines m left join machine_status s on s.asset_id = m.asset_id) f`,
  );
  return row!;
}

const ref = sql`m.asset_id as "assetId", m.name as name, si.name as "siteName", l.name as "lineName"`;
const joins = sql`from machines m left join sites si on si.id = m.site_id left join lines l on l.id = m.line_id`;

/** The first `limit` rows by (since, asset), each with how many there are in all. */
function ranked<T>(db: PgDbOrTx, inner: SQL, limit: number) {
  return all<T & MachineRef & Ranked>(
    db,
    sql`select *, count(*) over () as total from (${inner}) x
      order by since is null, since, "assetId" limit ${limit}`,
  );
}

interface Since {
  before: number;
  limit: number;
}

/** Machines in a state since their last event of that kind, else their last status. */
function inStateSince(db: PgDbOrTx, kind: 'online' | 'door', state: SQL, p: Since) {
  // max(at) per machine: one backward step of machine_events_asset_kind_at_idx, joined
  // LATERAL so it is computed once per machine (as a subquery in the select list the planner
  // inlined it, and evaluated it for the filter and both sort keys).
  return ranked<{ since: number }>(
    db,
    sql`select ${ref}, coalesce(ev.at, s.updated_at) as since
      ${joins} join machine_status s on s.asset_id = m.asset_id
      left join lateral (select max(e.at) as at from machine_events e
        where e.asset_id = m.asset_id and e.kind = ${kind}) ev on true
      where ${state} and coalesce(ev.at, s.updated_at) <= ${p.before}`,
    p.limit,
  );
}

export const offlineMachines = (db: PgDbOrTx, p: Since) =>
  inStateSince(db, 'online', sql`s.online = 1`, p);

export const openDoors = (db: PgDbOrTx, p: Since) =>
  inStateSince(db, 'door', sql`s.door_state = 0`, p);

/** Machines not heard from since `before`. */
export function staleMachines(db: PgDbOrTx, p: { before: number; limit: number }) {
  return ranked<{ since: number }>(
    db,
    sql`select ${ref}, m.last_seen_at as since ${joins}
      where m.last_seen_at is not null and m.last_seen_at < ${p.before}`,
    p.limit,
  );
}

/** Open faults, one row each. */
export function openFaultRows(db: PgDbOrTx, p: { limit: number }) {
  return ranked<{ since: number; cid: string; pcode: string; ccode: string }>(
    db,
    sql`select ${ref}, f.raised_at as since, f.cid as cid, f.pcode as pcode, f.ccode as ccode
      ${joins} join machine_faults f on f.asset_id = m.asset_id
      where f.cleared_at is null`,
    p.limit,
  );
}

/** Per machine with sold-out shelves: how many, and since the earliest (the partial index). */
export function soldOutByMachine(db: PgDbOrTx, p: { limit: number }) {
  return ranked<{ since: number | null; shelves: number }>(
    db,
    sql`select ${ref}, s.since as since, s.shelves as shelves
      from (
        select asset_id, min(soldout_time) as since, count(*) as shelves from shelves
        where sold_out = 1 and in_planogram = 1 group by asset_id) s
      join machines m on m.asset_id = s.asset_id
      left join sites si on si.id = m.site_id left join lines l on l.id = m.line_id`,
    p.limit,
  );
}

/** Machines whose clock was last seen ahead (D71), since when and by how much. */
export function clockAheadMachines(db: PgDbOrTx, p: { limit: number }) {
  return ranked<{ since: number; aheadBy: number }>(
    db,
    sql`select ${ref}, c.since as since, c.ahead_by as "aheadBy"
      ${joins} join machine_clocks c on c.asset_id = m.asset_id`,
    p.limit,
  );
}

/** Names of the given machines, by asset ID. */
export function machineRefs(db: PgDbOrTx, assetIds: readonly string[]) {
  return all<MachineRef>(
    db,
    sql`select ${ref} ${joins}
      where m.asset_id = any(${sql.param(assetIds)}::text[]) order by m.asset_id`,
  );
}

type LatestReading = MachineRef &
  Omit<Reading, 'chambers'> & { cid: string; chambers: string | null };

/**
 * Each container's latest temperature reading. The (asset, cid) pairs are walked on
 * temperature_asset_cid_at_idx, one descent each (a loose index scan: PostgreSQL 15 has no
 * skip scan), and each pair's newest row is one backward step of the same index: the cost
 * follows the containers, not the readings kept.
 */
export function latestReadings(db: PgDbOrTx) {
  return all<LatestReading>(
    db,
    sql`
    with recursive pairs as (
      (select asset_id, cid from temperature_readings order by asset_id, cid limit 1)
      union all
      select n.asset_id, n.cid from pairs p cross join lateral (
        select asset_id, cid from temperature_readings t
        where (t.asset_id, t.cid) > (p.asset_id, p.cid) order by asset_id, cid limit 1) n)
    select ${ref}, t.cid as cid, t.at as at, t.cry_tem_ul as "cryTemUL", t.cry_tem_dl as "cryTemDL",
      t.heat_tem_ul as "heatTemUL", t.heat_tem_dl as "heatTemDL",
      t.left_rm_tem as "leftRmTem", t.right_rm_tem as "rightRmTem",
      t.left_rm_ref as "leftRmRef", t.right_rm_ref as "rightRmRef",
      t.left_rm_heat as "leftRmHeat", t.right_rm_heat as "rightRmHeat", t.chambers as chambers
    from pairs
    cross join lateral (
      select * from temperature_readings r where r.asset_id = pairs.asset_id and r.cid = pairs.cid
      order by r.at desc, r.id desc limit 1) t
    join machines m on m.asset_id = pairs.asset_id
    left join sites si on si.id = m.site_id left join lines l on l.id = m.line_id
    order by pairs.asset_id, pairs.cid`,
  );
}
