import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { machines, refillSettlements, refillShelves, shelves, trades } from '../schema';

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
  /** Units our own trades delivered from the shelf after that refillTime. */
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

/** Delivered units from the shelf among the machine's trades that `when` picks. */
const soldWhere = (when: SQL) => sql`(
  select coalesce(sum(coalesce(t.count, 1)), 0) from ${trades} t
  where t.asset_id = s.asset_id and ${when}
    and t.location_id = s.location_id and (t.cid = s.cid or t.cid is null)
    and t.delivery = 'delivered')`;

/**
 * What estimated stock is computed from (lib/domain/estimated-stock), for every shelf of the
 * machines in scope. A shelf's last refill is the latest settlement that lists it (a settlement
 * or trade row without `cid` matches by location alone). Sales are delivered trades timed after
 * the refill by the trade's time (paid, else created, as the statistics count them, D5),
 * strictly after: the settlement already counted a sale in its own second. The time is split
 * into "paid after" and "unpaid, created after" so each half is a range on the
 * (asset_id, pay_time) index: a fleet-wide answer reads only the trades since each refill.
 */
export function stockBasis(db: DbOrTx, scope: StockScope): FleetShelfStockRow[] {
  const rows = db.all<
    Omit<FleetShelfStockRow, 'soldOut' | 'inPlanogram'> & { soldOut: number; inPlanogram: number }
  >(sql`
    select s.asset_id as assetId, s.cid as cid, s.location_id as locationId,
      s.goods_id as goodsId, s.goods_name as goodsName, s.capacity as capacity,
      s.valve as valve, s.sold_out as soldOut, s.soldout_time as soldoutTime,
      s.in_planogram as inPlanogram,
      rs.stock as refillStock, st.refill_time as refillTime,
      case when st.id is null then 0 else
        ${soldWhere(sql`t.pay_time > st.refill_time`)}
        + ${soldWhere(sql`t.pay_time is null and t.create_time > st.refill_time`)}
      end as soldSinceRefill
    from ${shelves} s
    left join ${refillShelves} rs on rs.id = (
      select rs2.id from ${refillShelves} rs2
      join ${refillSettlements} st2 on st2.id = rs2.settlement_id
      where st2.asset_id = s.asset_id and rs2.location_id = s.location_id
        and (rs2.cid = s.cid or rs2.cid is null)
      order by st2.refill_time desc, rs2.id desc limit 1)
    left join ${refillSettlements} st on st.id = rs.settlement_id
    where ${scopeWhere(scope)}
    order by s.asset_id, s.cid, cast(s.location_id as integer), s.location_id`);
  return rows.map((r) => ({
    ...r,
    soldOut: Boolean(r.soldOut),
    inPlanogram: Boolean(r.inPlanogram),
  }));
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
