import 'server-only';
import { held, ready } from '../transaction';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { machineShelfFigures, machines, shelves } from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/stock';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export interface ShelfStockParams {
  assetId: string;
}

export interface ShelfStockRow {
  cid: string;
  locationId: string;
  soldOut: boolean;
  /** `stock` in the shelf's last refill settlement (§8.1); null when none is known. */
  refillStock: number | null;
  refillTime: number | null;
  /** Units delivered from the shelf after that refillTime: ours, or §6.2's when higher. */
  soldSinceRefill: number;
}

/** Which machines: some by asset id, a line's, or the whole fleet. */
export type StockScope = { assetIds: readonly string[] } | { lineId: number } | { fleet: true };

/** A shelf's planogram beside its stock basis, for planning many machines at once. */
export interface FleetShelfStockRow extends ShelfStockRow {
  assetId: string;
  goodsId: string | null;
  goodsName: string | null;
  capacity: number | null;
  valve: number | null;
  soldoutTime: number | null;
  inPlanogram: boolean;
}

export function scopeWhere(scope: StockScope): SQL {
  if ('assetIds' in scope)
    return sql`s.asset_id in (select value from json_each(${JSON.stringify(scope.assetIds)}))`;
  if ('lineId' in scope)
    return sql`s.asset_id in (select asset_id from ${machines} where line_id = ${scope.lineId})`;
  return sql`1`;
}

/**
 * Narrows to shelves whose estimate may be at or under their threshold: in the planogram, not
 * reporting sold out, a refill known and `stock − max(0, sold)` at or under `valve` (or 0).
 * A superset of lib/fleet/estimated-stock's "low", which still decides: this only spares the
 * overview reading 200,000 shelves into objects.
 */
const mayBeLow = sql`and s.in_planogram = 1 and s.sold_out = 0 and s.refill_stock is not null
  and s.refill_stock - max(0, s.sold_since_refill, case when s.platform_sold_at > s.refill_time then s.platform_sold else 0 end) <= coalesce(s.valve, 0)`;

/**
 * Units sold since the shelf's refill: our own delivered trades, or §6.2's count when the
 * platform gave it after that refill and it is higher (pushes we lost; ours is higher when
 * trades came after the fetch). The partial index and `mayBeLow` use the same terms.
 */
export const soldSinceRefill = sql`max(s.sold_since_refill, case when s.platform_sold_at > s.refill_time then s.platform_sold else 0 end)`;

/**
 * What estimated stock is computed from (lib/fleet/estimated-stock), for every shelf of the
 * machines in scope: read from the shelves themselves, whose basis triggers keep (migration
 * 0008, docs/decisions.md D36). A shelf's last refill is the latest settlement that lists it
 * (a settlement or trade row without `cid` matches by location alone); its sales are the
 * delivered trades timed after that refill by the trade's time (paid, else created, as the
 * statistics count them, D5), strictly after: the settlement already counted a sale in its
 * own second. db/queries/stock.test.ts recounts it from the settlements and trades.
 */
export async function stockBasis(
  db: DbOrTx,
  scope: StockScope,
  o: { mayBeLow?: boolean } = {},
): Promise<FleetShelfStockRow[]> {
  if (isPg(db)) return onPg.stockBasis(pgOf(db), scope, o);
  while (held(db)) await ready(db);
  const rows = db.all<
    Omit<FleetShelfStockRow, 'soldOut' | 'inPlanogram'> & { soldOut: number; inPlanogram: number }
  >(sql`
    select s.asset_id as assetId, s.cid as cid, s.location_id as locationId,
      s.goods_id as goodsId, s.goods_name as goodsName, s.capacity as capacity,
      s.valve as valve, s.sold_out as soldOut, s.soldout_time as soldoutTime,
      s.in_planogram as inPlanogram, s.refill_stock as refillStock, s.refill_time as refillTime,
      ${soldSinceRefill} as soldSinceRefill
    from ${shelves} s
    where ${scopeWhere(scope)} ${o.mayBeLow ? mayBeLow : sql``}
    order by s.asset_id, s.cid, cast(s.location_id as integer), s.location_id`);
  return rows.map((r) => ({
    ...r,
    soldOut: Boolean(r.soldOut),
    inPlanogram: Boolean(r.inPlanogram),
  }));
}

/** A machine's planogram shelves summed for planning (lib/planning/plans.ts). */
export interface PlanningShelfFigures {
  shelfCount: number;
  /** Shelves whose estimated stock is known: sold out, or a refill known. */
  knownShelves: number;
  soldOutShelves: number;
  /** Σ over sold-out shelves with a soldoutTime of whole hours since then (≥ 0), each ≤ hoursCap. */
  soldOutShelfHours: number;
  /** The longest of those hours, uncapped; null when no sold-out shelf has a soldoutTime. */
  soldOutHours: number | null;
  /** Not sold out, estimate known and at or under `valve` (or 0). */
  underValveShelves: number;
  /** Σ units sold since the refill, over shelves with a refill known. */
  unitsSinceRefill: number;
  /** Σ over shelves with goods and a capacity of capacity − estimate (unknown: 0), never < 0. */
  unitsToLoad: number;
}

/**
 * The planogram shelves of the machines in scope summed per machine, with lib/domain's rules
 * (estimated stock, stock level, the pick list's units to load, the refill priority's hours):
 * the sums kept by migration 0016's triggers, and the hours sold out counted at `now` from the
 * sold-out shelves alone (`shelves_sold_out_idx`). A fleet's 200,000 shelves read into objects,
 * or summed at read time, took longer than everything else the lines and sites read.
 * lib/planning/figures.test.ts checks every figure against those rules over the shelves.
 */
export async function planningShelfFigures(
  db: DbOrTx,
  scope: StockScope,
  o: { now: number; hoursCap: number },
): Promise<Map<string, PlanningShelfFigures>> {
  if (isPg(db)) return onPg.planningShelfFigures(pgOf(db), scope, o);
  while (held(db)) await ready(db);
  const out = new Map<string, PlanningShelfFigures>();
  const rows = db.values<[string, number, number, number, number, number, number]>(sql`
    select s.asset_id, s.shelf_count, s.known_shelves, s.sold_out_shelves,
      s.under_valve_shelves, s.units_since_refill, s.units_to_load
    from ${machineShelfFigures} s where ${scopeWhere(scope)}`);
  for (const r of rows)
    out.set(r[0], {
      shelfCount: r[1],
      knownShelves: r[2],
      soldOutShelves: r[3],
      soldOutShelfHours: 0,
      soldOutHours: null,
      underValveShelves: r[4],
      unitsSinceRefill: r[5],
      unitsToLoad: r[6],
    });
  const hours = sql`max(0, cast((${o.now} - s.soldout_time) / 3600 as integer))`;
  const soldOut = db.values<[string, number, number]>(sql`
    select s.asset_id, sum(min(${o.hoursCap}, ${hours})), max(${hours})
    from ${shelves} s
    where ${scopeWhere(scope)} and s.sold_out = 1 and s.in_planogram = 1
      and s.soldout_time is not null
    group by s.asset_id`);
  for (const [assetId, sum, max] of soldOut) {
    const f = out.get(assetId);
    if (f) {
      f.soldOutShelfHours = sum;
      f.soldOutHours = max;
    }
  }
  return out;
}

/** The stock basis of one machine's shelves (the machine page). */
export async function shelfStockBasis(db: DbOrTx, p: ShelfStockParams): Promise<ShelfStockRow[]> {
  if (isPg(db)) return onPg.shelfStockBasis(pgOf(db), p);
  while (held(db)) await ready(db);
  return (await stockBasis(db, { assetIds: [p.assetId] })).map((r) => ({
    cid: r.cid,
    locationId: r.locationId,
    soldOut: r.soldOut,
    refillStock: r.refillStock,
    refillTime: r.refillTime,
    soldSinceRefill: r.soldSinceRefill,
  }));
}

/** A shelf that may be predicted empty soon, with its stored rate (lib/planning/forecast-figures). */
export interface SellOutCandidate {
  assetId: string;
  cid: string;
  locationId: string;
  /** Estimated stock: known, not reported sold out. */
  stock: number;
  unitsPerDay: number;
  units: number;
}

/**
 * The planogram shelves, not reported sold out, with a known stock and a rate of their own
 * goods, whose stock is at most `rate × reach[machine] + 1`: `reach` is what a rate of one unit a
 * day sells by the horizon at that machine's hours, so no shelf left out here can be predicted
 * empty before it (the median sold-out needs stock − ⅓ expected units). One pass over the
 * machines' shelves and their rates, without an object per shelf: a fleet is 200,000 of them.
 */
export async function sellOutCandidates(
  db: DbOrTx,
  reach: Readonly<Record<string, number>>,
): Promise<SellOutCandidate[]> {
  if (isPg(db)) return onPg.sellOutCandidates(pgOf(db), reach);
  while (held(db)) await ready(db);
  const stock = sql`max(0, s.refill_stock - max(0, ${soldSinceRefill}))`;
  return db.all<SellOutCandidate>(sql`
    select s.asset_id as assetId, s.cid as cid, s.location_id as locationId,
      ${stock} as stock, d.units_per_day as unitsPerDay, d.units as units
    from json_each(${JSON.stringify(reach)}) r
    join ${shelves} s on s.asset_id = r.key
    join shelf_demand d on d.asset_id = s.asset_id and d.cid = s.cid
      and d.location_id = s.location_id
    where s.in_planogram = 1 and s.sold_out = 0 and s.refill_stock is not null
      and d.goods_id is s.goods_id and ${stock} <= d.units_per_day * r.value + 1`);
}
