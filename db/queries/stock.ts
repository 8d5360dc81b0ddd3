import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { refillSettlements, refillShelves, shelves, trades } from '../schema';

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

/**
 * What estimated stock is computed from (lib/domain/estimated-stock), for every shelf of a
 * machine. A shelf's last refill is the latest settlement that lists it (a settlement or trade
 * row without `cid` matches by location alone). Sales are delivered trades timed after the
 * refill by the trade's time (paid, else created, as the statistics count them, D5), strictly
 * after: the settlement already counted a sale in its own second.
 */
export function shelfStockBasis(db: DbOrTx, p: ShelfStockParams): ShelfStockRow[] {
  const rows = db.all<{
    cid: string;
    locationId: string;
    soldOut: number;
    refillStock: number | null;
    refillTime: number | null;
    soldSinceRefill: number;
  }>(sql`
    select s.cid as cid, s.location_id as locationId, s.sold_out as soldOut,
      rs.stock as refillStock, st.refill_time as refillTime,
      case when st.id is null then 0 else (
        select coalesce(sum(coalesce(t.count, 1)), 0) from ${trades} t
        where t.asset_id = s.asset_id and t.location_id = s.location_id
          and (t.cid = s.cid or t.cid is null) and t.delivery = 'delivered'
          and coalesce(t.pay_time, t.create_time) > st.refill_time
      ) end as soldSinceRefill
    from ${shelves} s
    left join ${refillShelves} rs on rs.id = (
      select rs2.id from ${refillShelves} rs2
      join ${refillSettlements} st2 on st2.id = rs2.settlement_id
      where st2.asset_id = s.asset_id and rs2.location_id = s.location_id
        and (rs2.cid = s.cid or rs2.cid is null)
      order by st2.refill_time desc, rs2.id desc limit 1)
    left join ${refillSettlements} st on st.id = rs.settlement_id
    where s.asset_id = ${p.assetId}
    order by s.cid, cast(s.location_id as integer), s.location_id`);
  return rows.map((r) => ({ ...r, soldOut: Boolean(r.soldOut) }));
}
