import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { areas, lines, sites, type Origin } from './org';

export const machines = sqliteTable(
  'machines',
  {
    assetId: text('asset_id').primaryKey(),
    name: text('name'),
    /** Upstream platform: the Smart Vending platform or the SAAS cabinets. */
    platform: text('platform').$type<'smartvending' | 'saas'>().notNull(),
    clientId: text('client_id'),
    siteId: integer('site_id').references(() => sites.id),
    lineId: integer('line_id').references(() => lines.id),
    areaId: integer('area_id').references(() => areas.id),
    vender: text('vender'),
    /** 1: learnt only from a trade or status push, no device push yet. */
    incomplete: integer('incomplete', { mode: 'boolean' }).notNull().default(false),
    origin: text('origin').$type<Origin>().notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** Last time any message about this machine arrived. */
    lastSeenAt: integer('last_seen_at'),
  },
  (t) => [index('machines_site_idx').on(t.siteId), index('machines_line_idx').on(t.lineId)],
);

export const containers = sqliteTable(
  'containers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assetId: text('asset_id')
      .notNull()
      .references(() => machines.assetId),
    cid: text('cid').notNull(),
    /** 1 drinks, 2 spiral, 3 locker; null when only known from a status push. */
    type: integer('type'),
  },
  (t) => [uniqueIndex('containers_asset_cid_uq').on(t.assetId, t.cid)],
);

export const shelves = sqliteTable(
  'shelves',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assetId: text('asset_id')
      .notNull()
      .references(() => machines.assetId),
    cid: text('cid').notNull(),
    locationId: text('location_id').notNull(),
    goodsId: text('goods_id'),
    goodsName: text('goods_name'),
    /** fen */
    price: integer('price'),
    capacity: integer('capacity'),
    /** Refill threshold ("valve"). */
    valve: integer('valve'),
    img: text('img'),
    imgMd5: text('img_md5'),
    soldOut: integer('sold_out', { mode: 'boolean' }).notNull().default(false),
    soldoutTime: integer('soldout_time'),
    stateUpdatedAt: integer('state_updated_at'),
    /** false when the shelf is known only from a status push, not from a planogram. */
    inPlanogram: integer('in_planogram', { mode: 'boolean' }).notNull().default(true),
    /*
     * The estimated-stock basis (lib/fleet/estimated-stock), kept by triggers in migration
     * 0008 (docs/decisions.md D36), never written by our code: `stock` and `refillTime` of the
     * latest §8.1 settlement listing the shelf, and the units our delivered trades took from it
     * after that time.
     */
    refillStock: integer('refill_stock'),
    refillTime: integer('refill_time'),
    soldSinceRefill: integer('sold_since_refill').notNull().default(0),
    /** §6.2's units sold since the last refill, as the platform said at `platformSoldAt`. */
    platformSold: integer('platform_sold'),
    platformSoldAt: integer('platform_sold_at'),
  },
  (t) => [
    uniqueIndex('shelves_asset_cid_loc_uq').on(t.assetId, t.cid, t.locationId),
    // Covers the machine list's per-machine shelf and sold-out counts (no table lookups).
    index('shelves_asset_sold_out_idx').on(t.assetId, t.soldOut),
    // The overview's sold-out figures and alerts: only the (few) sold-out planogram shelves.
    index('shelves_sold_out_idx')
      .on(t.assetId, t.soldoutTime)
      .where(sql`sold_out = 1 and in_planogram = 1`),
    // Shelves whose estimate may be at or under threshold (db/queries/stock.ts `mayBeLow`,
    // the same terms, so the planner can use it): the overview's under-threshold alert.
    index('shelves_may_be_low_idx')
      .on(t.assetId)
      .where(
        sql`in_planogram = 1 and sold_out = 0 and refill_stock is not null and refill_stock - max(0, sold_since_refill, case when platform_sold_at > refill_time then platform_sold else 0 end) <= coalesce(valve, 0)`,
      ),
  ],
);

/**
 * Each machine's planogram shelves summed for route planning (docs/decisions.md D64): kept by
 * triggers on `shelves` (migration 0016, every write path alike), so ranking the whole fleet
 * reads 5,000 rows instead of 200,000 shelves. The terms are lib/domain's rules (estimated
 * stock, stock level, the pick list's units to load); lib/planning/figures.test.ts checks them
 * against those rules over the shelves one by one. Hours sold out depend on the time of asking
 * and are read from the sold-out shelves themselves.
 */
export const machineShelfFigures = sqliteTable('machine_shelf_figures', {
  assetId: text('asset_id').primaryKey(),
  shelfCount: integer('shelf_count').notNull().default(0),
  /** Estimated stock known: sold out, or a refill known. */
  knownShelves: integer('known_shelves').notNull().default(0),
  soldOutShelves: integer('sold_out_shelves').notNull().default(0),
  /** Not sold out, estimate at or under `valve` (or 0). */
  underValveShelves: integer('under_valve_shelves').notNull().default(0),
  /** Σ units sold since the refill, over shelves with a refill known. */
  unitsSinceRefill: integer('units_since_refill').notNull().default(0),
  /** Σ over shelves with goods and a capacity of capacity − estimate (unknown: 0), ≥ 0 each. */
  unitsToLoad: integer('units_to_load').notNull().default(0),
});

export const goods = sqliteTable(
  'goods',
  {
    goodsId: text('goods_id').primaryKey(),
    number: text('number'),
    name: text('name'),
    fullName: text('full_name'),
    typeId: text('type_id'),
    typeName: text('type_name'),
    /** fen */
    price: integer('price'),
    /** §11: 0 bottle 1 can 2 bag 3 box 4 cup */
    packingForm: integer('packing_form'),
    manufacturer: text('manufacturer'),
    img: text('img'),
    imgMd5: text('img_md5'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('goods_number_idx').on(t.number)],
);
