import 'server-only';
import { sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import type { LineRow, PlanningMachineRow, SiteRow } from '@/db/queries/planning';
import type { StockScope } from '@/db/queries/stock';
import { tradeTime } from '@/db/schema';
import { assetScope, firstOf, rowsOf } from './planning-terms';

/**
 * Route planning's reads besides shelf stock (db/queries/planning.ts). The three per-machine
 * figures are correlated subqueries, each one index range per machine (machine_events by asset,
 * refill_asset_time_uq, trades_delivered_units_idx), as on SQLite.
 */
export async function planningMachines(
  db: PgDbOrTx,
  scope: StockScope,
  since: number,
): Promise<PlanningMachineRow[]> {
  return rowsOf<PlanningMachineRow>(
    db,
    sql`
    select m.asset_id as "assetId", m.name as "name", m.site_id as "siteId",
      si.name as "siteName", m.line_id as "lineId", l.name as "lineName", s.online as "online",
      case when s.asset_id is null then null else coalesce(
        (select max(e.at) from machine_events e where e.asset_id = m.asset_id and e.kind = 'online'),
        s.updated_at) end as "onlineSince",
      (select max(r.refill_time) from refill_settlements r where r.asset_id = m.asset_id)
        as "lastRefillTime",
      (select coalesce(sum(coalesce(t.count, 1)), 0)::bigint from trades t
        where t.asset_id = m.asset_id and t.delivery = 'delivered'
          and ${tradeTime} > ${since}) as "recentUnits"
    from machines m
    left join sites si on si.id = m.site_id
    left join lines l on l.id = m.line_id
    left join machine_status s on s.asset_id = m.asset_id
    where ${assetScope(scope, sql`m.asset_id`)}
    order by m.asset_id`,
  );
}

export async function lineRows(db: PgDbOrTx, id?: number): Promise<LineRow[]> {
  return rowsOf<LineRow>(
    db,
    sql`
    select l.id as "id", l.name as "name", a.name as "areaName", l.description as "description",
      l.create_time as "createTime", l.origin as "origin"
    from lines l left join areas a on a.id = l.area_id
    ${id === undefined ? sql`` : sql`where l.id = ${id}`}
    order by l.name`,
  );
}

export async function siteRows(db: PgDbOrTx, lineId?: number): Promise<SiteRow[]> {
  return rowsOf<SiteRow>(
    db,
    sql`
    select si.id as "id", si.name as "name", si.platform_site_id as "platformSiteId",
      si.site_number as "siteNumber", si.address as "address", si.longitude as "longitude",
      si.latitude as "latitude", si.line_id as "lineId", l.name as "lineName",
      coalesce(a.name, la.name) as "areaName", si.origin as "origin"
    from sites si
    left join lines l on l.id = si.line_id
    left join areas a on a.id = si.area_id
    left join areas la on la.id = l.area_id
    ${
      lineId === undefined
        ? sql``
        : sql`where si.line_id = ${lineId}
              or si.id in (select site_id from machines where line_id = ${lineId})`
    }
    order by si.name`,
  );
}

export async function demandVersion(db: PgDbOrTx): Promise<string> {
  const r = await firstOf<{ n: number; at: number | null }>(
    db,
    sql`select count(*)::int as n, max(fitted_at) as at from machine_demand`,
  );
  return `${r?.n ?? 0}/${r?.at ?? 0}`;
}
