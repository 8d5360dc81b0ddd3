import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import type { StockScope } from '@/db/queries/stock';

/** The rows of one statement, typed as the SQLite function's rows (they are built to match). */
export async function rowsOf<T>(db: PgDbOrTx, query: SQL): Promise<T[]> {
  const r = await db.execute(query);
  return r.rows as T[];
}

export async function firstOf<T>(db: PgDbOrTx, query: SQL): Promise<T | undefined> {
  return (await rowsOf<T>(db, query))[0];
}

/** A list as ONE bound array parameter (`$1::text[]`), not Drizzle's `($1, $2, …)`. */
export const textArray = (values: readonly string[]) => sql`${sql.param([...values])}::text[]`;
export const bigintArray = (values: readonly number[]) => sql`${sql.param([...values])}::bigint[]`;

/**
 * SQLite's `cast(x as integer)` for ordering location ids: the leading integer of the text, 0
 * when there is none (a PostgreSQL cast would throw on "A1"). 18 digits fit a bigint.
 */
export const locationNumber = (column: SQL) =>
  sql`coalesce(substring(${column} from '^\\s*([+-]?[0-9]{1,18})')::bigint, 0)`;

/** Which machines (db/queries/stock.ts's StockScope) for a column holding asset ids. */
export function assetScope(scope: StockScope, column: SQL): SQL {
  if ('assetIds' in scope) return sql`${column} = any(${textArray(scope.assetIds)})`;
  if ('lineId' in scope)
    return sql`${column} in (select asset_id from machines where line_id = ${scope.lineId})`;
  return sql`true`;
}

const platformSince = sql`(case when s.platform_sold_at > s.refill_time then s.platform_sold else 0 end)`;

/**
 * db/queries/stock.ts's soldSinceRefill: SQLite's two-argument max() is NULL when either is,
 * where greatest() would skip the NULL, so that case is kept explicitly.
 */
export const soldSinceRefill = sql`(case when ${platformSince} is null then null
  else greatest(s.sold_since_refill, ${platformSince}) end)`;
