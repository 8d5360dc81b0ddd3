import 'server-only';
import { held, ready } from '../transaction';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { cabinetOnlineCode, cabinetSaleCode } from './machine-list';
import type { Reading } from './temperatures';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/overview';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

/**
 * Fleet-wide figures and alert sources for the overview. Each is one statement over the whole
 * fleet (5,000 machines): aggregates, and correlated lookups only where an index answers them.
 * Platform codes as stored: online 0 = online, doorState 0 = open, isSale 1 = sellable; -1 is
 * unknown and counts as neither (D71).
 */
export interface FleetCounts {
  machines: number;
  online: number;
  offline: number;
  sellable: number;
  notSellable: number;
  doorsOpen: number;
  withFaults: number;
  soldOutShelves: number;
  machinesSoldOut: number;
}

export async function fleetCounts(db: DbOrTx): Promise<FleetCounts> {
  if (isPg(db)) return onPg.fleetCounts(pgOf(db));
  while (held(db)) await ready(db);
  // A machine whose planogram is all sold out cannot sell (D81); a cabinet's state is its last
  // poll's (db/queries/machine-list.ts).
  return db.get<FleetCounts>(sql`
    select count(*) as machines,
      coalesce(sum(online = 0), 0) as online,
      coalesce(sum(online = 1), 0) as offline,
      coalesce(sum(sale = 1 and not emptied), 0) as sellable,
      coalesce(sum(sale = 0 or emptied), 0) as notSellable,
      coalesce(sum(door = 0), 0) as doorsOpen,
      (select count(distinct asset_id) from machine_faults where cleared_at is null) as withFaults,
      (select count(*) from shelves where sold_out = 1 and in_planogram = 1) as soldOutShelves,
      (select count(distinct asset_id) from shelves where sold_out = 1 and in_planogram = 1) as machinesSoldOut
    from (
      select coalesce(s.online, (select ${cabinetOnlineCode} from cabinets where machine_id = m.asset_id)) as online,
        coalesce(s.is_sale, (select ${cabinetSaleCode} from cabinets where machine_id = m.asset_id)) as sale,
        s.door_state as door,
        exists (select 1 from shelves x where x.asset_id = m.asset_id and x.in_planogram = 1)
          and not exists (select 1 from shelves x
            where x.asset_id = m.asset_id and x.in_planogram = 1 and x.sold_out = 0) as emptied
      from machines m left join machine_status s on s.asset_id = m.asset_id)`);
}

export interface MachineRef {
  assetId: string;
  name: string | null;
  siteName: string | null;
  lineName: string | null;
}

const ref = sql`m.asset_id as assetId, m.name as name, si.name as siteName, l.name as lineName`;
const joins = sql`from machines m left join sites si on si.id = m.site_id left join lines l on l.id = m.line_id`;

/**
 * The alert sources below answer the first `limit` rows by (since, asset), the order the
 * overview shows, each with `total`: how many there are in all. A fleet with thousands of
 * open faults costs one pass in SQL, not thousands of rows carried into the page.
 */
export interface Ranked {
  total: number;
}

const ranked = sql`order by since is null, since, assetId limit`;

/**
 * Machines in a state since at or before `before`: since their last event of that kind, else
 * their last status (a machine that reported the state once and nothing since).
 */
function inStateSince(db: DbOrTx, kind: 'online' | 'door', state: SQL, p: Since) {
  return db.all<MachineRef & Ranked & { since: number }>(sql`
    select *, count(*) over () as total from (
      select ${ref}, coalesce(
        (select max(e.at) from machine_events e where e.asset_id = m.asset_id and e.kind = ${kind}),
        s.updated_at) as since
      ${joins} join machine_status s on s.asset_id = m.asset_id
      where ${state})
    where since <= ${p.before}
    ${ranked} ${p.limit}`);
}

interface Since {
  before: number;
  limit: number;
}

/** Machines offline since at or before `before`. */
export async function offlineMachines(db: DbOrTx, p: Since) {
  if (isPg(db)) return onPg.offlineMachines(pgOf(db), p);
  while (held(db)) await ready(db);
  return inStateSince(db, 'online', sql`s.online = 1`, p);
}

/** Machines whose door has been open since at or before `before`. */
export async function openDoors(db: DbOrTx, p: Since) {
  if (isPg(db)) return onPg.openDoors(pgOf(db), p);
  while (held(db)) await ready(db);
  return inStateSince(db, 'door', sql`s.door_state = 0`, p);
}

/** Machines not heard from since `before`. */
export async function staleMachines(db: DbOrTx, p: { before: number; limit: number }) {
  if (isPg(db)) return onPg.staleMachines(pgOf(db), p);
  while (held(db)) await ready(db);
  return db.all<MachineRef & Ranked & { since: number }>(sql`
    select ${ref}, m.last_seen_at as since, count(*) over () as total ${joins}
    where m.last_seen_at is not null and m.last_seen_at < ${p.before}
    ${ranked} ${p.limit}`);
}

/** Open faults, one row each. */
export async function openFaultRows(db: DbOrTx, p: { limit: number }) {
  if (isPg(db)) return onPg.openFaultRows(pgOf(db), p);
  while (held(db)) await ready(db);
  return db.all<
    MachineRef & Ranked & { since: number; cid: string; pcode: string; ccode: string }
  >(sql`
    select ${ref}, f.raised_at as since, f.cid as cid, f.pcode as pcode, f.ccode as ccode,
      count(*) over () as total
    ${joins} join machine_faults f on f.asset_id = m.asset_id
    where f.cleared_at is null
    ${ranked} ${p.limit}`);
}

/**
 * Per machine with sold-out shelves: how many, and since the earliest. Grouped on the sold-out
 * shelves' own (partial, covering) index before the machines are joined.
 */
export async function soldOutByMachine(db: DbOrTx, p: { limit: number }) {
  if (isPg(db)) return onPg.soldOutByMachine(pgOf(db), p);
  while (held(db)) await ready(db);
  return db.all<MachineRef & Ranked & { since: number | null; shelves: number }>(sql`
    select ${ref}, x.since as since, x.shelves as shelves, count(*) over () as total
    from (
      select asset_id, min(soldout_time) as since, count(*) as shelves from shelves
      where sold_out = 1 and in_planogram = 1 group by asset_id) x
    join machines m on m.asset_id = x.asset_id
    left join sites si on si.id = m.site_id left join lines l on l.id = m.line_id
    ${ranked} ${p.limit}`);
}

/** Machines whose clock was last seen ahead (D71), since when and by how much. */
export async function clockAheadMachines(db: DbOrTx, p: { limit: number }) {
  if (isPg(db)) return onPg.clockAheadMachines(pgOf(db), p);
  while (held(db)) await ready(db);
  return db.all<MachineRef & Ranked & { since: number; aheadBy: number }>(sql`
    select ${ref}, c.since as since, c.ahead_by as aheadBy, count(*) over () as total
    ${joins} join machine_clocks c on c.asset_id = m.asset_id
    ${ranked} ${p.limit}`);
}

/** Names of the given machines, for alerts computed elsewhere (e.g. from stock). */
export async function machineRefs(db: DbOrTx, assetIds: readonly string[]) {
  if (isPg(db)) return onPg.machineRefs(pgOf(db), assetIds);
  while (held(db)) await ready(db);
  return db.all<MachineRef>(sql`
    select ${ref} ${joins}
    where m.asset_id in (select value from json_each(${JSON.stringify(assetIds)}))`);
}

/**
 * Each container's latest temperature reading. Readings are keyed by the cid the status named
 * (the main cabinet reports as `master`, not as its planogram container), so the containers are
 * the readings' own: the (asset, cid, at) index answers the grouping without the table.
 */
export async function latestReadings(db: DbOrTx) {
  if (isPg(db)) return onPg.latestReadings(pgOf(db));
  while (held(db)) await ready(db);
  return db.all<
    MachineRef & Omit<Reading, 'chambers'> & { cid: string; chambers: string | null }
  >(sql`
    select ${ref}, t.cid as cid, t.at as at, t.cry_tem_ul as cryTemUL, t.cry_tem_dl as cryTemDL,
      t.heat_tem_ul as heatTemUL, t.heat_tem_dl as heatTemDL,
      t.left_rm_tem as leftRmTem, t.right_rm_tem as rightRmTem,
      t.left_rm_ref as leftRmRef, t.right_rm_ref as rightRmRef,
      t.left_rm_heat as leftRmHeat, t.right_rm_heat as rightRmHeat, t.chambers as chambers
    from (select asset_id, cid, max(at) as at from temperature_readings group by asset_id, cid) latest
    join temperature_readings t on t.id = (
      select t2.id from temperature_readings t2
      where t2.asset_id = latest.asset_id and t2.cid = latest.cid and t2.at = latest.at
      order by t2.id desc limit 1)
    join machines m on m.asset_id = latest.asset_id
    left join sites si on si.id = m.site_id left join lines l on l.id = m.line_id`);
}
