import 'server-only';
import { held, ready } from '../transaction';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { tradeTime, type Origin } from '../schema';
import type { StockScope } from './stock';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/planning';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

/**
 * What route planning reads besides shelf stock (db/queries/stock.ts): machines with their
 * place, state and recent units; lines; sites. Units only, never money.
 */
export interface PlanningMachineRow {
  assetId: string;
  name: string | null;
  siteId: number | null;
  siteName: string | null;
  lineId: number | null;
  lineName: string | null;
  /** §4.1 online as stored: 0 online, 1 offline, -1 unknown, null never reported. */
  online: number | null;
  /** The last `online` transition, else the last status: since when it is in that state. */
  onlineSince: number | null;
  lastRefillTime: number | null;
  /**
   * Units delivered after `since` (paid, else created, as D5): read from the partial index
   * `trades_delivered_units_idx` alone, whose terms these are (one range per machine).
   */
  recentUnits: number;
}

function machineScope(scope: StockScope): SQL {
  if ('assetIds' in scope)
    return sql`m.asset_id in (select value from json_each(${JSON.stringify(scope.assetIds)}))`;
  if ('lineId' in scope) return sql`m.line_id = ${scope.lineId}`;
  return sql`1`;
}

export async function planningMachines(
  db: DbOrTx,
  scope: StockScope,
  since: number,
): Promise<PlanningMachineRow[]> {
  if (isPg(db)) return onPg.planningMachines(pgOf(db), scope, since);
  while (held(db)) await ready(db);
  return db.all<PlanningMachineRow>(sql`
    select m.asset_id as assetId, m.name as name, m.site_id as siteId, si.name as siteName,
      m.line_id as lineId, l.name as lineName, s.online as online,
      case when s.asset_id is null then null else coalesce(
        (select max(e.at) from machine_events e where e.asset_id = m.asset_id and e.kind = 'online'),
        s.updated_at) end as onlineSince,
      (select max(r.refill_time) from refill_settlements r where r.asset_id = m.asset_id)
        as lastRefillTime,
      (select coalesce(sum(coalesce(t.count, 1)), 0) from trades t
        where t.asset_id = m.asset_id and t.delivery = 'delivered'
          and ${tradeTime} > ${since}) as recentUnits
    from machines m
    left join sites si on si.id = m.site_id
    left join lines l on l.id = m.line_id
    left join machine_status s on s.asset_id = m.asset_id
    where ${machineScope(scope)}
    order by m.asset_id`);
}

export interface LineRow {
  id: number;
  name: string;
  areaName: string | null;
  description: string | null;
  createTime: number | null;
  origin: Origin;
}

/** Lines, synced (§9.1) and learnt from pushes alike: one table, `origin` says which. */
export async function lineRows(db: DbOrTx, id?: number): Promise<LineRow[]> {
  if (isPg(db)) return onPg.lineRows(pgOf(db), id);
  while (held(db)) await ready(db);
  return db.all<LineRow>(sql`
    select l.id as id, l.name as name, a.name as areaName, l.description as description,
      l.create_time as createTime, l.origin as origin
    from lines l left join areas a on a.id = l.area_id
    ${id === undefined ? sql`` : sql`where l.id = ${id}`}
    order by l.name`);
}

export interface SiteRow {
  id: number;
  name: string;
  platformSiteId: string | null;
  siteNumber: string | null;
  address: string | null;
  longitude: number | null;
  latitude: number | null;
  lineId: number | null;
  lineName: string | null;
  areaName: string | null;
  origin: Origin;
}

/** Sites (§9.2 and those learnt from device pushes), all of them or a line's. */
export async function siteRows(db: DbOrTx, lineId?: number): Promise<SiteRow[]> {
  if (isPg(db)) return onPg.siteRows(pgOf(db), lineId);
  while (held(db)) await ready(db);
  return db.all<SiteRow>(sql`
    select si.id as id, si.name as name, si.platform_site_id as platformSiteId,
      si.site_number as siteNumber, si.address as address, si.longitude as longitude,
      si.latitude as latitude, si.line_id as lineId, l.name as lineName,
      coalesce(a.name, la.name) as areaName, si.origin as origin
    from sites si
    left join lines l on l.id = si.line_id
    left join areas a on a.id = si.area_id
    left join areas la on la.id = l.area_id
    ${
      lineId === undefined
        ? sql``
        : // A line's sites: those it names, and those where its machines stand.
          sql`where si.line_id = ${lineId}
              or si.id in (select site_id from machines where line_id = ${lineId})`
    }
    order by si.name`);
}

/** What changes whenever the stored demand does (a refit): its machines and latest fit time. */
export async function demandVersion(db: DbOrTx): Promise<string> {
  if (isPg(db)) return onPg.demandVersion(pgOf(db));
  while (held(db)) await ready(db);
  const r = db.get<{ n: number; at: number | null }>(
    sql`select count(*) as n, max(fitted_at) as at from machine_demand`,
  );
  return `${r?.n ?? 0}/${r?.at ?? 0}`;
}
