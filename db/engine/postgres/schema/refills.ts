// PostgreSQL's twin of db/schema/refills.ts (documented there); types by docs/decisions.md D99.
import { pgTable, bigint, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { textC } from './columns';

export const refillSettlements = pgTable(
  'refill_settlements',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    assetId: textC('asset_id').notNull(),
    siteName: textC('site_name'),
    siteNumber: textC('site_number'),
    lineName: textC('line_name'),
    lastRefillTime: bigint('last_refill_time', { mode: 'number' }),
    refillTime: bigint('refill_time', { mode: 'number' }).notNull(),
    source: textC('source').$type<'push' | 'pull'>().notNull(),
    inboxId: bigint('inbox_id', { mode: 'number' }),
    receivedAt: bigint('received_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('refill_asset_time_uq').on(t.assetId, t.refillTime),
    index('refill_time_idx').on(t.refillTime),
  ],
);

export const refillShelves = pgTable(
  'refill_shelves',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    settlementId: bigint('settlement_id', { mode: 'number' })
      .notNull()
      .references(() => refillSettlements.id, { onDelete: 'cascade' }),
    cid: textC('cid'),
    locationId: textC('location_id'),
    goodsId: textC('goods_id'),
    goodsName: textC('goods_name'),
    goodsNumber: textC('goods_number'),
    price: bigint('price', { mode: 'number' }),
    stock: bigint('stock', { mode: 'number' }),
    refillCount: bigint('refill_count', { mode: 'number' }),
  },
  (t) => [index('refill_shelves_settlement_loc_idx').on(t.settlementId, t.locationId, t.cid)],
);

export const refillPaySales = pgTable(
  'refill_pay_sales',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    settlementId: bigint('settlement_id', { mode: 'number' })
      .notNull()
      .references(() => refillSettlements.id, { onDelete: 'cascade' }),
    refillShelfId: bigint('refill_shelf_id', { mode: 'number' }).references(
      () => refillShelves.id,
      {
        onDelete: 'cascade',
      },
    ),
    name: textC('name').notNull(),
    sales: bigint('sales', { mode: 'number' }).notNull(),
    units: bigint('units', { mode: 'number' }).notNull(),
  },
  (t) => [index('refill_pay_sales_settlement_idx').on(t.settlementId)],
);

export const refillReviews = pgTable('refill_reviews', {
  settlementId: bigint('settlement_id', { mode: 'number' })
    .primaryKey()
    .references(() => refillSettlements.id, { onDelete: 'cascade' }),
  note: textC('note').notNull(),
  reviewedAt: bigint('reviewed_at', { mode: 'number' }).notNull(),
  reviewedBy: textC('reviewed_by').notNull(),
});
