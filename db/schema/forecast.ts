import { sqliteTable, integer, text, real, primaryKey } from 'drizzle-orm/sqlite-core';

/**
 * Demand per shelf (issue 21, D93), refitted by the forecast job from the machines' own sales.
 * Rates are units per day (a rate, not a count: `real`). What each shelf will do next is not
 * stored: it follows from these and the shelf's estimated stock whenever it is read.
 */
export const machineDemand = sqliteTable('machine_demand', {
  assetId: text('asset_id').primaryKey(),
  /** JSON array of 168 weights by hour of week (0 = Monday 00:00 in the fleet's zone), mean 1. */
  shape: text('shape').notNull(),
  /** Σ of its shelves' rates: what it sells a day with every shelf stocked. */
  unitsPerDay: real('units_per_day').notNull(),
  /** The fleet zone's offset (seconds east of UTC) the hours of week were counted in. */
  utcOffset: integer('utc_offset').notNull(),
  windowFrom: integer('window_from').notNull(),
  windowTo: integer('window_to').notNull(),
  fittedAt: integer('fitted_at').notNull(),
});

export const shelfDemand = sqliteTable(
  'shelf_demand',
  {
    assetId: text('asset_id').notNull(),
    cid: text('cid').notNull(),
    locationId: text('location_id').notNull(),
    /** The goods the rate is of: a planogram change makes it stale until the next fit. */
    goodsId: text('goods_id'),
    /** Units a day while stocked, at the machine's average hour. */
    unitsPerDay: real('units_per_day').notNull(),
    /** Units of this goods it sold in the window. */
    units: integer('units').notNull(),
    /** Busy-hour-weighted days it had stock in the window. */
    exposureDays: real('exposure_days').notNull(),
    /** shelf | site | fleet | machine: where the rate mostly comes from. */
    source: text('source').notNull(),
    fittedAt: integer('fitted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.assetId, t.cid, t.locationId] })],
);

/** Each fit of the fleet: when, over which window, how long, and the fleet's mean profile. */
export const demandFits = sqliteTable('demand_fits', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  fittedAt: integer('fitted_at').notNull(),
  windowFrom: integer('window_from').notNull(),
  windowTo: integer('window_to').notNull(),
  machines: integer('machines').notNull(),
  shelves: integer('shelves').notNull(),
  durationMs: integer('duration_ms').notNull(),
  /** JSON: 168 weights, mean 1: the next fit pulls each machine's profile toward it. */
  fleetShape: text('fleet_shape').notNull(),
});
