import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import type {
  FleetShelfStockRow,
  PlanningShelfFigures,
  SellOutCandidate,
  ShelfStockParams,
  ShelfStockRow,
  StockScope,
} from '@/db/queries/stock';
import { integerOf } from './machines';

/*
 * PostgreSQL's form of db/queries/stock.ts. The stock basis on each shelf and the machines' shelf
 * figures are kept by migration 0001's triggers and db/engine/postgres/queries/shelf-stock.ts, as
 * SQLite's are by its triggers and db/shelf-stock.ts. SQLite's max() of several values is NULL
 * when one is, PostgreSQL's greatest() skips NULLs: the terms below say SQLite's rule outright.
 */

/** SQLite's `scopeWhere`, on the rows of `alias` (shelves `s` unless said). */
export function scopeWhere(scope: StockScope, alias = 's'): SQL {
  const id = sql.raw(`${alias}.asset_id`);
  if ('assetIds' in scope) return sql`${id} = any(${sql.param([...scope.assetIds])}::text[])`;
  if ('lineId' in scope)
    return sql`${id} in (select asset_id from machines where line_id = ${scope.lineId})`;
  return sql`true`;
}

/** Units sold since the shelf's refill (SQLite's `soldSinceRefill`): NULL as SQLite's is. */
export const soldSinceRefill = sql`(case when s.platform_sold_at > s.refill_time
    then (case when s.platform_sold is not null then greatest(s.sold_since_refill, s.platform_sold) end)
    else greatest(s.sold_since_refill, 0) end)`;

/** max(0, refill_stock − max(0, sold)), NULL when either is, as on SQLite. */
export const estimatedStock = sql`(case when s.refill_stock is not null and ${soldSinceRefill} is not null
    then greatest(0, s.refill_stock - greatest(0, ${soldSinceRefill})) end)`;

/**
 * shelves_may_be_low_idx's own predicate (so the planner proves the partial index serves it), and
 * SQLite's NULL rule: a platform count fetched after the refill but NULL makes the term NULL.
 */
const mayBeLow = sql`and s.in_planogram = 1 and s.sold_out = 0 and s.refill_stock is not null
  and s.refill_stock - greatest(0, s.sold_since_refill, case when s.platform_sold_at > s.refill_time then s.platform_sold else 0 end) <= coalesce(s.valve, 0)
  and not coalesce(s.platform_sold_at > s.refill_time and s.platform_sold is null, false)`;

type BasisRow = Omit<FleetShelfStockRow, 'soldOut' | 'inPlanogram'> & {
  soldOut: number;
  inPlanogram: number;
};

export async function stockBasis(
  db: PgDbOrTx,
  scope: StockScope,
  o: { mayBeLow?: boolean } = {},
): Promise<FleetShelfStockRow[]> {
  const r = await db.execute<BasisRow>(sql`
    select s.asset_id as "assetId", s.cid as cid, s.location_id as "locationId",
      s.goods_id as "goodsId", s.goods_name as "goodsName", s.capacity as capacity,
      s.valve as valve, s.sold_out as "soldOut", s.soldout_time as "soldoutTime",
      s.in_planogram as "inPlanogram", s.refill_stock as "refillStock", s.refill_time as "refillTime",
      ${soldSinceRefill} as "soldSinceRefill"
    from shelves s
    where ${scopeWhere(scope)} ${o.mayBeLow ? mayBeLow : sql``}
    order by s.asset_id, s.cid, ${integerOf(sql`s.location_id`)}, s.location_id`);
  return r.rows.map((x) => ({ ...x, soldOut: x.soldOut === 1, inPlanogram: x.inPlanogram === 1 }));
}

/**
 * The figures rows the triggers keep, and the hours sold out at `now` from the sold-out shelves
 * alone (shelves_sold_out_idx), in one round trip. Machines in asset id order (the order SQLite
 * reads its WITHOUT ROWID table in).
 */
export async function planningShelfFigures(
  db: PgDbOrTx,
  scope: StockScope,
  o: { now: number; hoursCap: number },
): Promise<Map<string, PlanningShelfFigures>> {
  // SQLite divides integers truncating, or a fractional `now` then casts: trunc() does both.
  const hours = sql`greatest(0, trunc((${o.now}::float8 - s.soldout_time) / 3600)::bigint)`;
  const r = await db.execute<
    PlanningShelfFigures & { assetId: string } & Record<string, unknown>
  >(sql`
    select f.asset_id as "assetId", f.shelf_count as "shelfCount", f.known_shelves as "knownShelves",
      f.sold_out_shelves as "soldOutShelves",
      coalesce(h.sum, 0)::bigint as "soldOutShelfHours", h.max as "soldOutHours",
      f.under_valve_shelves as "underValveShelves", f.units_since_refill as "unitsSinceRefill",
      f.units_to_load as "unitsToLoad"
    from machine_shelf_figures f
    left join (
      select s.asset_id, sum(least(${o.hoursCap}::bigint, ${hours}))::bigint as sum,
        max(${hours}) as max
      from shelves s
      where ${scopeWhere(scope)} and s.sold_out = 1 and s.in_planogram = 1
        and s.soldout_time is not null
      group by s.asset_id) h on h.asset_id = f.asset_id
    where ${scopeWhere(scope, 'f')}
    order by f.asset_id`);
  const out = new Map<string, PlanningShelfFigures>();
  for (const { assetId, ...f } of r.rows) out.set(assetId, f);
  return out;
}

export async function shelfStockBasis(db: PgDbOrTx, p: ShelfStockParams): Promise<ShelfStockRow[]> {
  const rows = await stockBasis(db, { assetIds: [p.assetId] });
  return rows.map((r) => ({
    cid: r.cid,
    locationId: r.locationId,
    soldOut: r.soldOut,
    refillStock: r.refillStock,
    refillTime: r.refillTime,
    soldSinceRefill: r.soldSinceRefill,
  }));
}

/**
 * SQLite's form walks `reach` (json_each, in its key order), each machine's shelves by
 * (cid, location_id): the same order here, from arrays rather than JSON.
 */
export async function sellOutCandidates(
  db: PgDbOrTx,
  reach: Readonly<Record<string, number>>,
): Promise<SellOutCandidate[]> {
  const keys = Object.keys(reach);
  const r = await db.execute<SellOutCandidate & Record<string, unknown>>(sql`
    select s.asset_id as "assetId", s.cid as cid, s.location_id as "locationId",
      ${estimatedStock} as stock, d.units_per_day as "unitsPerDay", d.units as units
    from unnest(${sql.param(keys)}::text[], ${sql.param(keys.map((k) => reach[k]))}::float8[])
      with ordinality r(key, value, n)
    join shelves s on s.asset_id = r.key
    join shelf_demand d on d.asset_id = s.asset_id and d.cid = s.cid
      and d.location_id = s.location_id
    where s.in_planogram = 1 and s.sold_out = 0 and s.refill_stock is not null
      and d.goods_id is not distinct from s.goods_id and ${estimatedStock} <= d.units_per_day * r.value + 1
    order by r.n, s.cid, s.location_id`);
  return r.rows;
}
