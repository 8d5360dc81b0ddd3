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

/** Each machine's delivered units per shelf and trade time, after `when` picks them. */
const deliveredAfter = (time: SQL, when: SQL) => sql`
  select t.asset_id as asset_id, t.cid as cid, t.location_id as location_id, ${time} as at,
    sum(coalesce(t.count, 1)) as n
  from since join ${trades} t on t.asset_id = since.asset_id and ${when}
  where t.delivery = 'delivered'
  group by 1, 2, 3, 4`;

/**
 * What estimated stock is computed from (lib/domain/estimated-stock), for every shelf of the
 * machines in scope. A shelf's last refill is the latest settlement that lists it (a settlement
 * or trade row without `cid` matches by location alone). Sales are delivered trades timed after
 * the refill by the trade's time (paid, else created, as the statistics count them, D5),
 * strictly after: the settlement already counted a sale in its own second.
 * Fleet-wide this reads each machine's trades once, from its earliest shelf refill, as two
 * ranges of the (asset_id, pay_time) index ("paid after" and "unpaid, created after"), grouped
 * by shelf and time; each shelf then sums its own part (docs/decisions.md D30).
 */
export function stockBasis(db: DbOrTx, scope: StockScope): FleetShelfStockRow[] {
  const rows = db.all<
    Omit<FleetShelfStockRow, 'soldOut' | 'inPlanogram'> & { soldOut: number; inPlanogram: number }
  >(sql`
    with basis as materialized (
      select s.asset_id, s.cid, s.location_id, s.goods_id, s.goods_name, s.capacity, s.valve,
        s.sold_out, s.soldout_time, s.in_planogram, rs.stock, st.refill_time
      from ${shelves} s
      left join ${refillShelves} rs on rs.id = (
        select rs2.id from ${refillShelves} rs2
        join ${refillSettlements} st2 on st2.id = rs2.settlement_id
        where st2.asset_id = s.asset_id and rs2.location_id = s.location_id
          and (rs2.cid = s.cid or rs2.cid is null)
        order by st2.refill_time desc, rs2.id desc limit 1)
      left join ${refillSettlements} st on st.id = rs.settlement_id
      where ${scopeWhere(scope)}
    ), since as (
      select asset_id, min(refill_time) as t from basis
      where refill_time is not null group by asset_id
    ), sold as materialized (
      ${deliveredAfter(sql`t.pay_time`, sql`t.pay_time > since.t`)}
      union all
      ${deliveredAfter(sql`t.create_time`, sql`t.pay_time is null and t.create_time > since.t`)}
    )
    select b.asset_id as assetId, b.cid as cid, b.location_id as locationId,
      b.goods_id as goodsId, b.goods_name as goodsName, b.capacity as capacity,
      b.valve as valve, b.sold_out as soldOut, b.soldout_time as soldoutTime,
      b.in_planogram as inPlanogram, b.stock as refillStock, b.refill_time as refillTime,
      case when b.refill_time is null then 0 else (
        select coalesce(sum(sold.n), 0) from sold
        where sold.asset_id = b.asset_id and sold.location_id = b.location_id
          and (sold.cid = b.cid or sold.cid is null) and sold.at > b.refill_time
      ) end as soldSinceRefill
    from basis b
    order by b.asset_id, b.cid, cast(b.location_id as integer), b.location_id`);
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
