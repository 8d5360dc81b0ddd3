import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { ShelfSalesInput } from '@/db/queries/sync-data';
import type { PgDbOrTx } from '../client';
import { refillSettlements } from '../schema';

/** A JS array as ONE array parameter (a bare array in `sql` becomes a list of parameters). */
const list = (values: unknown[]) => sql.param(values);

export async function getRefillId(
  db: PgDbOrTx,
  assetId: string,
  refillTime: number,
): Promise<number | undefined> {
  const [row] = await db
    .select({ id: refillSettlements.id })
    .from(refillSettlements)
    .where(
      and(eq(refillSettlements.assetId, assetId), eq(refillSettlements.refillTime, refillTime)),
    )
    .limit(1);
  return row?.id;
}

/**
 * One statement for the whole answer. SQLite's loop upserts row by row, so a shelf listed twice
 * keeps its first goods fields and its last units: folded the same way here first, since one
 * INSERT may not touch a row twice. SQLite deletes then inserts; here the rows not in the answer
 * are deleted and the others upserted whole (one statement cannot delete a key and insert it). Shelves not in the answer lose their count (only those that
 * had one: no needless row versions); those in it take theirs. The shelf figures SQLite's
 * triggers derive from platform_sold (migration 0016) are PostgreSQL's triggers' or the
 * lead's to keep: this writes only the two tables.
 */
export async function replaceShelfSales(
  db: PgDbOrTx,
  assetId: string,
  rows: ShelfSalesInput[],
  at: number,
): Promise<void> {
  const byShelf = new Map<string, ShelfSalesInput>();
  for (const r of rows) {
    const key = JSON.stringify([r.cid, r.locationId]);
    const first = byShelf.get(key);
    byShelf.set(key, first ? { ...first, units: r.units } : r);
  }
  const v = [...byShelf.values()];
  await db.execute(
    sql`WITH v AS (
          SELECT * FROM unnest(${list(v.map((r) => r.cid))}::text[],
            ${list(v.map((r) => r.locationId))}::text[], ${list(v.map((r) => r.goodsId ?? null))}::text[],
            ${list(v.map((r) => r.goodsNumber ?? null))}::text[],
            ${list(v.map((r) => r.goodsName ?? null))}::text[], ${list(v.map((r) => r.units))}::bigint[])
            WITH ORDINALITY AS v(cid, location_id, goods_id, goods_number, goods_name, units, ord)),
        gone AS (
          DELETE FROM platform_shelf_sales WHERE asset_id = ${assetId}
            AND (cid, location_id) NOT IN (SELECT cid, location_id FROM v)),
        added AS (
          INSERT INTO platform_shelf_sales
            (asset_id, cid, location_id, goods_id, goods_number, goods_name, units, fetched_at)
          SELECT ${assetId}, cid, location_id, goods_id, goods_number, goods_name, units, ${at}
          FROM v ORDER BY ord
          ON CONFLICT (asset_id, cid, location_id) DO UPDATE SET goods_id = excluded.goods_id,
            goods_number = excluded.goods_number, goods_name = excluded.goods_name,
            units = excluded.units, fetched_at = excluded.fetched_at),
        cleared AS (
          UPDATE shelves SET platform_sold = NULL, platform_sold_at = NULL
          WHERE asset_id = ${assetId}
            AND (platform_sold IS NOT NULL OR platform_sold_at IS NOT NULL)
            AND (cid, location_id) NOT IN (SELECT cid, location_id FROM v))
        UPDATE shelves s SET platform_sold = v.units, platform_sold_at = ${at}
        FROM v WHERE s.asset_id = ${assetId} AND s.cid = v.cid AND s.location_id = v.location_id`,
  );
}
