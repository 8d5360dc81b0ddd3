// PostgreSQL's twin of db/schema/rollups.ts (documented there); types by docs/decisions.md D99.
import { sql } from 'drizzle-orm';
import { pgTable, bigint, integer, index, primaryKey } from 'drizzle-orm/pg-core';
import { textC } from './columns';
import { GRAINS } from '../../../schema/rollups';

export const salesRollups = pgTable(
  'sales_rollups',
  {
    grain: integer('grain').notNull(),
    assetId: textC('asset_id').notNull(),
    bucket: bigint('bucket', { mode: 'number' }).notNull(),
    goodsId: textC('goods_id').notNull(),
    payStyle: bigint('pay_style', { mode: 'number' }).notNull(),
    units: bigint('units', { mode: 'number' }).notNull(),
    gross: bigint('gross', { mode: 'number' }).notNull(),
    refunds: bigint('refunds', { mode: 'number' }).notNull(),
    refunded: bigint('refunded', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.grain, t.assetId, t.bucket, t.goodsId, t.payStyle] }),
    ...(['machineDay', 'machineMonth'] as const).map((g) =>
      index(`sales_rollups_${g === 'machineDay' ? 'machine_day' : 'machine_month'}_idx`)
        .on(t.bucket, t.assetId, t.payStyle, t.units, t.gross, t.refunds, t.refunded)
        .where(sql.raw(`grain = ${GRAINS[g]}`)),
    ),
  ],
);

export const rollupGoods = pgTable('rollup_goods', {
  goodsId: textC('goods_id').primaryKey(),
  goodsName: textC('goods_name'),
  goodsNumber: textC('goods_number'),
  typeName: textC('type_name'),
});

export const rollupState = pgTable('rollup_state', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  timeZone: textC('time_zone').notNull(),
  builtAt: bigint('built_at', { mode: 'number' }).notNull(),
  bound: bigint('bound', { mode: 'number' }),
});
