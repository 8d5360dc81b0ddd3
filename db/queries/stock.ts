import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { machines, shelves } from '../schema';

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

function scopeWhere(scope: StockScope): SQL {
  if ('assetIds' in scope)
    return sql`s.asset_id in (select value from json_each(${JSON.stringify(scope.assetIds)}))`;
  if ('lineId' in scope)
    return sql`s.asset_id in (select asset_id from ${machines} where line_id = ${scope.lineId})`;
  return sql`1`;
}

/**
 * Narrows to shelves whose estimate may be at or under their threshold: in the planogram, not
 * reporting sold out, a refill known and `stock − max(0, sold)` at or under `valve` (or 0).
 * A superset of lib/domain/estimated-stock's "low", which still decides: this only spares the
 * overview reading 200,000 shelves into objects.
 */
const mayBeLow = sql`and s.in_planogram = 1 and s.sold_out = 0 and s.refill_stock is not null
  and s.refill_stock - max(0, s.sold_since_refill, case when s.platform_sold_at > s.refill_time then s.platform_sold else 0 end) <= coalesce(s.valve, 0)`;

/**
 * Units sold since the shelf's refill: our own delivered trades, or §6.2's count when the
 * platform gave it after that refill and it is higher (pushes we lost; ours is higher when
 * trades came after the fetch). The partial index and `mayBeLow` use the same terms.
 */
const soldSinceRefill = sql`max(s.sold_since_refill, case when s.platform_sold_at > s.refill_time then s.platform_sold else 0 end)`;

/**
 * What estimated stock is computed from (lib/domain/estimated-stock), for every shelf of the
 * machines in scope: read from the shelves themselves, whose basis triggers keep (migration
 * 0008, docs/decisions.md D36). A shelf's last refill is the latest settlement that lists it
 * (a settlement or trade row without `cid` matches by location alone); its sales are the
 * delivered trades timed after that refill by the trade's time (paid, else created, as the
 * statistics count them, D5), strictly after: the settlement already counted a sale in its
 * own second. db/queries/stock.test.ts recounts it from the settlements and trades.
 */
export function stockBasis(
  db: DbOrTx,
  scope: StockScope,
  o: { mayBeLow?: boolean } = {},
): FleetShelfStockRow[] {
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

/** What planning reads of a planogram shelf: the basis and the numbers, no names. */
export interface PlanningShelf {
  goodsId: string | null;
  capacity: number | null;
  valve: number | null;
  soldOut: boolean;
  soldoutTime: number | null;
  refillStock: number | null;
  refillTime: number | null;
  soldSinceRefill: number;
  inPlanogram: true;
}

/**
 * The planogram shelves of the machines in scope, by machine, as raw rows: for ranking a whole
 * fleet (200,000 shelves), where reading names and building full rows was most of the time.
 */
export function planningShelves(db: DbOrTx, scope: StockScope): Map<string, PlanningShelf[]> {
  const rows = db.values<
    [
      string,
      string | null,
      number | null,
      number | null,
      number,
      number | null,
      number | null,
      number | null,
      number,
    ]
  >(sql`
    select s.asset_id, s.goods_id, s.capacity, s.valve, s.sold_out, s.soldout_time,
      s.refill_stock, s.refill_time, ${soldSinceRefill}
    from ${shelves} s
    where ${scopeWhere(scope)} and s.in_planogram = 1`);
  const out = new Map<string, PlanningShelf[]>();
  for (const r of rows) {
    const shelf: PlanningShelf = {
      goodsId: r[1],
      capacity: r[2],
      valve: r[3],
      soldOut: r[4] === 1,
      soldoutTime: r[5],
      refillStock: r[6],
      refillTime: r[7],
      soldSinceRefill: r[8],
      inPlanogram: true,
    };
    const list = out.get(r[0]);
    if (list) list.push(shelf);
    else out.set(r[0], [shelf]);
  }
  return out;
}

/** The stock basis of one machine's shelves (the machine page). */
export function shelfStockBasis(db: DbOrTx, p: ShelfStockParams): ShelfStockRow[] {
  return stockBasis(db, { assetIds: [p.assetId] }).map((r) => ({
    cid: r.cid,
    locationId: r.locationId,
    soldOut: r.soldOut,
    refillStock: r.refillStock,
    refillTime: r.refillTime,
    soldSinceRefill: r.soldSinceRefill,
  }));
}
