import { customType } from 'drizzle-orm/pg-core';

/**
 * Text compared byte by byte, as SQLite's BINARY collation does: orderings, keyset pages and
 * unique keys come out the same on both engines whatever the database's default locale, and
 * btree indexes serve prefix searches without a pattern operator class (docs/decisions.md D99).
 */
export const textC = customType<{ data: string; driverData: string }>({
  dataType: () => 'text COLLATE "C"',
});
