import 'server-only';
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

/**
 * The most bound variables one statement of ours uses. SQLite refuses more than 32,766
 * ("too many SQL variables"); a status push of 4,096 shelves made 36,864 (issue 16, D62).
 * Far below the limit, so a multi-row insert stays a few statements of a few hundred rows.
 */
export const MAX_VARIABLES = 8_000;

/** Runs `write` on consecutive slices of `rows`, each small enough for one statement into `table`. */
export function inChunks<T>(table: SQLiteTable, rows: readonly T[], write: (chunk: T[]) => void) {
  const perRow = Math.max(1, Object.keys(getTableColumns(table)).length);
  const size = Math.max(1, Math.floor(MAX_VARIABLES / perRow));
  for (let i = 0; i < rows.length; i += size) write(rows.slice(i, i + size));
}
