import 'server-only';
import { sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import type { FirstEmptyRow } from '@/db/queries/earliest-sold-out';
import type { StockScope } from '@/db/queries/stock';
import { estimatedStock, scopeWhere } from './stock';

/*
 * SQLite finds each machine's least key with min() and reads that row's other columns beside it
 * (its bare-column rule); PostgreSQL says it with DISTINCT ON, ties going to the first shelf by
 * (cid, location_id), the order SQLite's index walks them in. The key in double precision, as
 * SQLite's REAL arithmetic (a numeric 1.0 would come back as a string).
 */
export async function firstEmptyShelves(db: PgDbOrTx, scope: StockScope): Promise<FirstEmptyRow[]> {
  const st = sql`(case when s.sold_out = 1 then 0 else ${estimatedStock} end)`;
  const key = sql`(case when ${st} = 0 then -1::float8
    when d.units_per_day > 0 and d.goods_id is not distinct from s.goods_id
      then ${st} * (1 - 1::float8 / (9 * ${st})) * (1 - 1::float8 / (9 * ${st}))
        * (1 - 1::float8 / (9 * ${st})) / d.units_per_day end)`;
  const r = await db.execute<FirstEmptyRow & Record<string, unknown>>(sql`
    select g."assetId", g.key, g.stock, g."unitsPerDay", md.shape as shape,
      md.utc_offset as "utcOffset"
    from (
      select distinct on (s.asset_id) s.asset_id as "assetId", ${st} as stock,
        d.units_per_day as "unitsPerDay", ${key} as key
      from shelves s
      left join shelf_demand d on d.asset_id = s.asset_id and d.cid = s.cid
        and d.location_id = s.location_id
      where s.in_planogram = 1 and (s.sold_out = 1 or s.refill_stock is not null)
        and ${scopeWhere(scope)}
      order by s.asset_id, 4 nulls last, s.cid, s.location_id) g
    left join machine_demand md on md.asset_id = g."assetId"
    where g.key is not null
    order by g."assetId"`);
  return r.rows;
}
