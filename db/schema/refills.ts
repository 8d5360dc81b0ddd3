import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** §8.1 refill settlement: one refill visit of one machine. */
export const refillSettlements = sqliteTable(
  'refill_settlements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assetId: text('asset_id').notNull(),
    siteName: text('site_name'),
    siteNumber: text('site_number'),
    lineName: text('line_name'),
    lastRefillTime: integer('last_refill_time'),
    refillTime: integer('refill_time').notNull(),
    /** push (§8.1) or recovered through §8.2 */
    source: text('source').$type<'push' | 'pull'>().notNull(),
    inboxId: integer('inbox_id'),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [
    uniqueIndex('refill_asset_time_uq').on(t.assetId, t.refillTime),
    index('refill_time_idx').on(t.refillTime),
  ],
);

export const refillShelves = sqliteTable(
  'refill_shelves',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    settlementId: integer('settlement_id')
      .notNull()
      .references(() => refillSettlements.id, { onDelete: 'cascade' }),
    cid: text('cid'),
    locationId: text('location_id'),
    goodsId: text('goods_id'),
    goodsName: text('goods_name'),
    goodsNumber: text('goods_number'),
    /** fen */
    price: integer('price'),
    /** Units left on the shelf after this refill. */
    stock: integer('stock'),
    refillCount: integer('refill_count'),
  },
  // A settlement's rows, and its row for a location: the shelves' stock basis looks one up per
  // shelf when a settlement arrives (db/shelf-stock.ts), from the index alone.
  (t) => [index('refill_shelves_settlement_loc_idx').on(t.settlementId, t.locationId, t.cid)],
);

/** paySales rows: machine-level when refillShelfId is null, else that shelf's. */
export const refillPaySales = sqliteTable(
  'refill_pay_sales',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    settlementId: integer('settlement_id')
      .notNull()
      .references(() => refillSettlements.id, { onDelete: 'cascade' }),
    refillShelfId: integer('refill_shelf_id').references(() => refillShelves.id, {
      onDelete: 'cascade',
    }),
    name: text('name').notNull(),
    /** fen */
    sales: integer('sales').notNull(),
    units: integer('units').notNull(),
  },
  (t) => [index('refill_pay_sales_settlement_idx').on(t.settlementId)],
);

/** Finance's review of a visit: the latest one (each is also in the audit log). */
export const refillReviews = sqliteTable('refill_reviews', {
  settlementId: integer('settlement_id')
    .primaryKey()
    .references(() => refillSettlements.id, { onDelete: 'cascade' }),
  note: text('note').notNull(),
  reviewedAt: integer('reviewed_at').notNull(),
  reviewedBy: text('reviewed_by').notNull(),
});
