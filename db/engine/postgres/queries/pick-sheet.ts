import 'server-only';
import { sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import type { GoodsLabel, SheetMachineRow } from '@/db/queries/pick-sheet';
import { bigintArray, rowsOf, textArray } from './planning-terms';

/** The pick sheet's labels (db/queries/pick-sheet.ts): each list is one bound array. */
export async function goodsLabels(
  db: PgDbOrTx,
  ids: readonly string[],
): Promise<Map<string, GoodsLabel>> {
  if (!ids.length) return new Map();
  const rows = await rowsOf<GoodsLabel>(
    db,
    sql`
    select v.id as "goodsId", coalesce(g.number, r.goods_number) as "number",
      coalesce(g.name, r.goods_name) as "name"
    from unnest(${textArray(ids)}) v(id)
    left join goods g on g.goods_id = v.id
    left join rollup_goods r on r.goods_id = v.id
    where g.goods_id is not null or r.goods_id is not null`,
  );
  return new Map(rows.map((r) => [r.goodsId, r]));
}

export async function machineLabels(
  db: PgDbOrTx,
  assetIds: readonly string[],
): Promise<SheetMachineRow[]> {
  // Unordered on SQLite too (the machines' primary key order there, asset_id): ordered here
  // so both engines give the same rows in the same order.
  return rowsOf<SheetMachineRow>(
    db,
    sql`
    select m.asset_id as "assetId", m.name as "name", si.name as "siteName", l.name as "lineName"
    from machines m
    left join sites si on si.id = m.site_id
    left join lines l on l.id = m.line_id
    where m.asset_id = any(${textArray(assetIds)})
    order by m.asset_id`,
  );
}

export async function knownLineIds(db: PgDbOrTx, lineIds: readonly number[]): Promise<number[]> {
  const rows = await rowsOf<{ id: number }>(
    db,
    sql`select id from lines where id = any(${bigintArray(lineIds)}) order by id`,
  );
  return rows.map((r) => r.id);
}

/** SQLite sorts NULL names first; PostgreSQL last unless told. */
export async function lineMachineIds(db: PgDbOrTx, lineIds: readonly number[]): Promise<string[]> {
  const rows = await rowsOf<{ assetId: string }>(
    db,
    sql`select m.asset_id as "assetId"
      from unnest(${bigintArray(lineIds)}) with ordinality v(id, n)
      join machines m on m.line_id = v.id
      left join sites si on si.id = m.site_id
      order by v.n, si.name nulls first, m.name nulls first, m.asset_id`,
  );
  return rows.map((r) => r.assetId);
}
