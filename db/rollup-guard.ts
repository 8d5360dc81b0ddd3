import type Database from 'better-sqlite3';

/**
 * The sales rollups stay exact integers (issue 16, docs/decisions.md D62): a trade whose
 * measures would take any rollup row past Number.MAX_SAFE_INTEGER is refused (the projection
 * throws, its savepoint rolls back, its inbox row is kept as failed) instead of being summed
 * into a row SQLite would overflow and every report of that period would then fail on.
 *
 * Reading the nine rows a trade adds to would cost more than the rest of its projection, so
 * `rollup_state.bound` keeps an upper bound of every measure of every row: each trade's
 * largest measure is added to it. While bound + a trade's measures stays safe, no row can
 * overflow and none is read. Past that (only after some 90 trillion yuan of sales, or data
 * from before these checks), each trade's rows are read and checked exactly.
 */
export class RollupOverflowError extends RangeError {}

export type Measures = readonly [units: number, gross: number, refunds: number, refunded: number];
/** A rollup row's key: grain, asset, bucket, goods, payment. */
export type RowKey = readonly [number, string, number, string, number];

/** Bounds are kept at most this: one more than the largest safe integer, "read every row". */
const SATURATED = 2 ** 53;

/** The largest measure of any row now (a scan of the rollups: on first use and after a rebuild). */
export function measureBound(sqlite: Database.Database): number {
  const max = sqlite
    .prepare(
      `select max(max(abs(units)), max(abs(gross)), max(abs(refunds)), max(abs(refunded)))
       from sales_rollups`,
    )
    .pluck()
    .get() as number | null;
  return Math.min(Number(max ?? 0), SATURATED);
}

/** Stores the bound (a new database's row is written by the rollups' rebuild). */
export function storeBound(sqlite: Database.Database, bound: number) {
  sqlite.prepare('update rollup_state set bound = ? where id = 1').run(Math.min(bound, SATURATED));
}

export function rollupGuard(sqlite: Database.Database) {
  const read = sqlite.prepare('select bound from rollup_state where id = 1').pluck();
  const store = sqlite.prepare('update rollup_state set bound = ? where id = 1');
  const row = sqlite
    .prepare(
      `select units, gross, refunds, refunded from sales_rollups
       where grain = ? and asset_id = ? and bucket = ? and goods_id = ? and pay_style = ?`,
    )
    .raw();
  // Valid within one outermost buffer scope, inside its transaction: another process may
  // add trades between two transactions.
  let bound: number | undefined;
  let added = 0;
  return {
    /**
     * Throws RollupOverflowError unless adding `measures` to each of `rows` (holding what the
     * open buffers hold for it too, `pending`) keeps every measure a safe integer.
     */
    check(
      measures: Measures,
      rows: () => readonly RowKey[],
      pending: (key: RowKey) => Measures | undefined,
    ) {
      let largest = 0;
      for (const m of measures) {
        if (!Number.isSafeInteger(m))
          throw new RollupOverflowError(`a trade's sales measure ${m} is not an exact integer`);
        largest = Math.max(largest, Math.abs(m));
      }
      if (bound === undefined) {
        const stored = read.get() as number | null | undefined;
        bound = stored ?? measureBound(sqlite);
      }
      if (bound + added + largest > Number.MAX_SAFE_INTEGER) {
        for (const key of rows()) {
          const had = (row.get(...key) as number[] | undefined) ?? [0, 0, 0, 0];
          const buffered = pending(key) ?? [0, 0, 0, 0];
          for (let i = 0; i < 4; i++) {
            const total = had[i]! + buffered[i]! + measures[i]!;
            if (!Number.isSafeInteger(total))
              throw new RollupOverflowError(
                `the sales rollups (grain ${key[0]}, period ${key[2]}) would pass ${Number.MAX_SAFE_INTEGER}: the trade is not counted`,
              );
          }
        }
      }
      added += largest;
    },
    /** At the end of the outermost scope, in its transaction: the bound grows by what it added. */
    commit() {
      // Prepared once: this runs at the end of every batch of pushes.
      if (added && bound !== undefined) store.run(Math.min(bound + added, SATURATED));
    },
    /** After the outermost scope, whether it committed or threw. */
    reset() {
      bound = undefined;
      added = 0;
    },
  };
}
