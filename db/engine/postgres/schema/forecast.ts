// PostgreSQL's twin of db/schema/forecast.ts (documented there); types by docs/decisions.md D99.
import { pgTable, bigint, integer, doublePrecision, primaryKey } from 'drizzle-orm/pg-core';
import { textC } from './columns';

export const machineDemand = pgTable('machine_demand', {
  assetId: textC('asset_id').primaryKey(),
  shape: textC('shape').notNull(),
  unitsPerDay: doublePrecision('units_per_day').notNull(),
  utcOffset: integer('utc_offset').notNull(),
  windowFrom: bigint('window_from', { mode: 'number' }).notNull(),
  windowTo: bigint('window_to', { mode: 'number' }).notNull(),
  fittedAt: bigint('fitted_at', { mode: 'number' }).notNull(),
});

export const shelfDemand = pgTable(
  'shelf_demand',
  {
    assetId: textC('asset_id').notNull(),
    cid: textC('cid').notNull(),
    locationId: textC('location_id').notNull(),
    goodsId: textC('goods_id'),
    unitsPerDay: doublePrecision('units_per_day').notNull(),
    units: bigint('units', { mode: 'number' }).notNull(),
    exposureDays: doublePrecision('exposure_days').notNull(),
    source: textC('source').notNull(),
    fittedAt: bigint('fitted_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.assetId, t.cid, t.locationId] })],
);

export const demandFits = pgTable('demand_fits', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  fittedAt: bigint('fitted_at', { mode: 'number' }).notNull(),
  windowFrom: bigint('window_from', { mode: 'number' }).notNull(),
  windowTo: bigint('window_to', { mode: 'number' }).notNull(),
  machines: integer('machines').notNull(),
  shelves: integer('shelves').notNull(),
  durationMs: integer('duration_ms').notNull(),
  fleetShape: textC('fleet_shape').notNull(),
});
