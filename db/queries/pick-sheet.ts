import 'server-only';
import { held, ready } from '../transaction';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/pick-sheet';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

const json = (values: readonly (string | number)[]) => JSON.stringify(values);

export interface GoodsLabel {
  goodsId: string;
  /** The goods number (barcode) from the goods sync, else as trades gave it. */
  number: string | null;
  name: string | null;
}

/**
 * Number and name of each goods id: the synced catalogue first (goods), then what trades last
 * called it (rollup_goods). Ids neither knows are absent.
 */
export async function goodsLabels(
  db: DbOrTx,
  ids: readonly string[],
): Promise<Map<string, GoodsLabel>> {
  if (isPg(db)) return onPg.goodsLabels(pgOf(db), ids);
  while (held(db)) await ready(db);
  if (!ids.length) return new Map();
  const rows = db.all<GoodsLabel>(sql`
    select v.value as goodsId, coalesce(g.number, r.goods_number) as number,
      coalesce(g.name, r.goods_name) as name
    from json_each(${json(ids)}) v
    left join goods g on g.goods_id = v.value
    left join rollup_goods r on r.goods_id = v.value
    where g.goods_id is not null or r.goods_id is not null`);
  return new Map(rows.map((r) => [r.goodsId, r]));
}

export interface SheetMachineRow {
  assetId: string;
  name: string | null;
  siteName: string | null;
  lineName: string | null;
}

/** Name, site and line of the machines among `assetIds` that we know. */
export async function machineLabels(
  db: DbOrTx,
  assetIds: readonly string[],
): Promise<SheetMachineRow[]> {
  if (isPg(db)) return onPg.machineLabels(pgOf(db), assetIds);
  while (held(db)) await ready(db);
  return db.all<SheetMachineRow>(sql`
    select m.asset_id as assetId, m.name as name, si.name as siteName, l.name as lineName
    from machines m
    left join sites si on si.id = m.site_id
    left join lines l on l.id = m.line_id
    where m.asset_id in (select value from json_each(${json(assetIds)}))`);
}

/** The line ids among `lineIds` that exist. */
export async function knownLineIds(db: DbOrTx, lineIds: readonly number[]): Promise<number[]> {
  if (isPg(db)) return onPg.knownLineIds(pgOf(db), lineIds);
  while (held(db)) await ready(db);
  return db
    .all<{ id: number }>(
      sql`select id from lines where id in (select value from json_each(${json(lineIds)}))`,
    )
    .map((r) => r.id);
}

/** The machines of these lines, line by line in the order given, then by site and name. */
export async function lineMachineIds(db: DbOrTx, lineIds: readonly number[]): Promise<string[]> {
  if (isPg(db)) return onPg.lineMachineIds(pgOf(db), lineIds);
  while (held(db)) await ready(db);
  return db
    .all<{ assetId: string }>(
      sql`select m.asset_id as assetId
        from json_each(${json(lineIds)}) v
        join machines m on m.line_id = v.value
        left join sites si on si.id = m.site_id
        order by v.key, si.name, m.name, m.asset_id`,
    )
    .map((r) => r.assetId);
}
