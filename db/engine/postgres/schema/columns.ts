import { customType } from 'drizzle-orm/pg-core';

/**
 * Text compared byte by byte, as SQLite's BINARY collation does: orderings, keyset pages and
 * unique keys come out the same on both engines whatever the database's default locale, and
 * btree indexes serve prefix searches without a pattern operator class (docs/decisions.md D99).
 */
export const textC = customType<{ data: string; driverData: string }>({
  dataType: () => 'text COLLATE "C"',
});

/**
 * A 0/1 flag that raw SQL compares with 1 and sums (`sold_out = 1`, `sum(in_planogram = 1)`),
 * as on SQLite, while Drizzle reads and writes it as a boolean, as SQLite's boolean mode does.
 * Give defaults as SQL (`sql\`0\``): drizzle-kit would write a JavaScript false as `false`.
 */
export const flag = customType<{ data: boolean; driverData: number }>({
  dataType: () => 'smallint',
  toDriver: (value) => (value ? 1 : 0),
  fromDriver: (value) => Number(value) === 1,
});

/**
 * JSON the app reads inside in SQL, stored as jsonb, but exchanged as JSON text like the
 * SQLite column, so the code that parses it is the same for both (its key order and spacing
 * are jsonb's, not the writer's).
 */
export const jsonbText = customType<{ data: string; driverData: unknown }>({
  dataType: () => 'jsonb',
  toDriver: (value) => value,
  fromDriver: (value) => (typeof value === 'string' ? value : JSON.stringify(value)),
});
