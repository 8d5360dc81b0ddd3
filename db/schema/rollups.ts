import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, index, primaryKey } from 'drizzle-orm/sqlite-core';

/** Grain codes of sales_rollups: a family of dimensions at one level of time. */
export const GRAINS = {
  payHour: 1,
  payDay: 2,
  payMonth: 3,
  machineDay: 4,
  machineMonth: 5,
  machinePayMonth: 6,
  goodsPayDay: 7,
  goodsPayMonth: 8,
  machineGoodsMonth: 9,
} as const;

/**
 * Paid trades summed at the grains the statistics ask for (docs/decisions.md D20), kept in the
 * same transaction as every trade upsert (lib/ingest/rollup.ts). One table, one row per
 * (grain, asset, bucket, goods, payment); a grain leaves out the dimensions it does not keep
 * ('' for asset and goods; payment: see payStyle). The asset comes first in the key, so a set of
 * machines is read by one seek each.
 */
export const salesRollups = sqliteTable(
  'sales_rollups',
  {
    /** GRAINS above. */
    grain: integer('grain').notNull(),
    assetId: text('asset_id').notNull(),
    /** Start of the period: a UTC hour, or a local day or month in the fleet's time zone. */
    bucket: integer('bucket').notNull(),
    /** '' when the trade had no goodsId, or the grain has no goods dimension. */
    goodsId: text('goods_id').notNull(),
    /**
     * The trade's payStyle (-1 when it had none). Grains without the payment dimension still
     * keep game prizes apart, as §5.1 reports them: 8 for a prize, -1 for everything else.
     */
    payStyle: integer('pay_style').notNull(),
    /** Σ count (units sold). */
    units: integer('units').notNull(),
    /** Σ amount in fen before refunds: cost, else price × count. */
    gross: integer('gross').notNull(),
    /** Σ refundFee in fen of refunded trades (refundStatus 2). */
    refunds: integer('refunds').notNull(),
    /** Number of refunded trades. */
    refunded: integer('refunded').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.grain, t.assetId, t.bucket, t.goodsId, t.payStyle] }),
    // The whole fleet's machine table reads every machine's days or months of a range: in
    // bucket order from these (covering) instead of one seek per machine, four times fewer
    // page visits for one day (docs/decisions.md D20).
    ...(['machineDay', 'machineMonth'] as const).map((g) =>
      index(`sales_rollups_${g === 'machineDay' ? 'machine_day' : 'machine_month'}_idx`)
        .on(t.bucket, t.assetId, t.payStyle, t.units, t.gross, t.refunds, t.refunded)
        .where(sql.raw(`grain = ${GRAINS[g]}`)),
    ),
  ],
);

/** Goods names and numbers as trades last gave them, for statistics by goods. */
export const rollupGoods = sqliteTable('rollup_goods', {
  goodsId: text('goods_id').primaryKey(),
  goodsName: text('goods_name'),
  goodsNumber: text('goods_number'),
  typeName: text('type_name'),
});

/** The time zone the local day and month buckets were computed in; a change rebuilds them. */
export const rollupState = sqliteTable('rollup_state', {
  id: integer('id').primaryKey(),
  timeZone: text('time_zone').notNull(),
  builtAt: integer('built_at').notNull(),
  /**
   * An upper bound of every measure of every rollup row (D62): while it plus a trade's
   * measures stays a safe integer, the trade cannot overflow any row, and no row need be read.
   * Null until computed (once, from the rows).
   */
  bound: integer('bound'),
});
