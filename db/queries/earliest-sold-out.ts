import 'server-only';
import { held, ready } from '../transaction';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { scopeWhere, soldSinceRefill, type StockScope } from './stock';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/earliest-sold-out';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

/** Per machine, the planogram shelf that empties first by the forecast's rule (D96). */
export interface FirstEmptyRow {
  assetId: string;
  /** < 0: a shelf is empty now; else the units its median sold-out takes at 1 unit a day. */
  key: number;
  stock: number;
  unitsPerDay: number;
  shape: string | null;
  utcOffset: number | null;
}

/*
 * A machine's shelves share its hour-of-week profile, so a shelf's expected units are its rate
 * times one curve: the shelf whose median units to sell out (Gamma(stock, 1)'s median,
 * Wilson–Hilferty as lib/forecast/predict.ts) divided by its rate is least empties first. SQL
 * finds it per machine in one pass (with a single min(), SQLite answers that row's columns);
 * lib/fleet/machines.ts then predicts that one shelf. Shelves as lib/forecast/shelves.ts takes them:
 * in the planogram; estimated stock 0 (or sold out) is empty now; an unknown stock, or a rate of
 * other goods than the shelf holds now, predicts nothing.
 */
export async function firstEmptyShelves(db: DbOrTx, scope: StockScope): Promise<FirstEmptyRow[]> {
  if (isPg(db)) return onPg.firstEmptyShelves(pgOf(db), scope);
  while (held(db)) await ready(db);
  const st = sql`(case when s.sold_out = 1 then 0
    else max(0, s.refill_stock - max(0, ${soldSinceRefill})) end)`;
  const rows = db.all<FirstEmptyRow & { key: number | null }>(sql`
    select g.assetId, g.key, g.stock, g.unitsPerDay, md.shape as shape, md.utc_offset as utcOffset
    from (
      select s.asset_id as assetId, ${st} as stock, d.units_per_day as unitsPerDay,
        min(case when ${st} = 0 then -1
          when d.units_per_day > 0 and d.goods_id is s.goods_id
            then ${st} * (1 - 1.0 / (9 * ${st})) * (1 - 1.0 / (9 * ${st}))
              * (1 - 1.0 / (9 * ${st})) / d.units_per_day
        end) as key
      from shelves s
      left join shelf_demand d on d.asset_id = s.asset_id and d.cid = s.cid
        and d.location_id = s.location_id
      where s.in_planogram = 1 and (s.sold_out = 1 or s.refill_stock is not null)
        and ${scopeWhere(scope)}
      group by s.asset_id) g
    left join machine_demand md on md.asset_id = g.assetId
    where g.key is not null`);
  return rows;
}
