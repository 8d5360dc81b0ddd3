// PostgreSQL's twin of db/schema/machines.ts (documented there); types by docs/decisions.md D99.
import { sql } from 'drizzle-orm';
import { pgTable, bigint, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { flag, textC } from './columns';
import type { Origin } from '../../../schema';
import { areas, lines, sites } from './org';

export const machines = pgTable(
  'machines',
  {
    assetId: textC('asset_id').primaryKey(),
    name: textC('name'),
    platform: textC('platform').$type<'smartvending' | 'saas'>().notNull(),
    clientId: textC('client_id'),
    siteId: bigint('site_id', { mode: 'number' }).references(() => sites.id),
    lineId: bigint('line_id', { mode: 'number' }).references(() => lines.id),
    areaId: bigint('area_id', { mode: 'number' }).references(() => areas.id),
    vender: textC('vender'),
    incomplete: flag('incomplete')
      .notNull()
      .default(sql`0`),
    origin: textC('origin').$type<Origin>().notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    lastSeenAt: bigint('last_seen_at', { mode: 'number' }),
  },
  (t) => [index('machines_site_idx').on(t.siteId), index('machines_line_idx').on(t.lineId)],
);

export const containers = pgTable(
  'containers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    assetId: textC('asset_id')
      .notNull()
      .references(() => machines.assetId),
    cid: textC('cid').notNull(),
    type: bigint('type', { mode: 'number' }),
  },
  (t) => [uniqueIndex('containers_asset_cid_uq').on(t.assetId, t.cid)],
);

export const shelves = pgTable(
  'shelves',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    assetId: textC('asset_id')
      .notNull()
      .references(() => machines.assetId),
    cid: textC('cid').notNull(),
    locationId: textC('location_id').notNull(),
    goodsId: textC('goods_id'),
    goodsName: textC('goods_name'),
    price: bigint('price', { mode: 'number' }),
    capacity: bigint('capacity', { mode: 'number' }),
    valve: bigint('valve', { mode: 'number' }),
    img: textC('img'),
    imgMd5: textC('img_md5'),
    soldOut: flag('sold_out')
      .notNull()
      .default(sql`0`),
    soldoutTime: bigint('soldout_time', { mode: 'number' }),
    stateUpdatedAt: bigint('state_updated_at', { mode: 'number' }),
    inPlanogram: flag('in_planogram')
      .notNull()
      .default(sql`1`),
    /*
     * The estimated-stock basis (lib/fleet/estimated-stock), kept by triggers in migration
     * 0008 (docs/decisions.md D36), never written by our code: `stock` and `refillTime` of the
     * latest §8.1 settlement listing the shelf, and the units our delivered trades took from it
     * after that time.
     */
    refillStock: bigint('refill_stock', { mode: 'number' }),
    refillTime: bigint('refill_time', { mode: 'number' }),
    soldSinceRefill: bigint('sold_since_refill', { mode: 'number' }).notNull().default(0),
    platformSold: bigint('platform_sold', { mode: 'number' }),
    platformSoldAt: bigint('platform_sold_at', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('shelves_asset_cid_loc_uq').on(t.assetId, t.cid, t.locationId),
    index('shelves_asset_sold_out_idx').on(t.assetId, t.soldOut),
    index('shelves_sold_out_idx')
      .on(t.assetId, t.soldoutTime)
      .where(sql`sold_out = 1 and in_planogram = 1`),
    index('shelves_may_be_low_idx')
      .on(t.assetId)
      .where(
        sql`in_planogram = 1 and sold_out = 0 and refill_stock is not null and refill_stock - greatest(0, sold_since_refill, case when platform_sold_at > refill_time then platform_sold else 0 end) <= coalesce(valve, 0)`,
      ),
  ],
);

export const machineShelfFigures = pgTable('machine_shelf_figures', {
  assetId: textC('asset_id').primaryKey(),
  shelfCount: bigint('shelf_count', { mode: 'number' }).notNull().default(0),
  knownShelves: bigint('known_shelves', { mode: 'number' }).notNull().default(0),
  soldOutShelves: bigint('sold_out_shelves', { mode: 'number' }).notNull().default(0),
  underValveShelves: bigint('under_valve_shelves', { mode: 'number' }).notNull().default(0),
  unitsSinceRefill: bigint('units_since_refill', { mode: 'number' }).notNull().default(0),
  unitsToLoad: bigint('units_to_load', { mode: 'number' }).notNull().default(0),
});

export const goods = pgTable(
  'goods',
  {
    goodsId: textC('goods_id').primaryKey(),
    number: textC('number'),
    name: textC('name'),
    fullName: textC('full_name'),
    typeId: textC('type_id'),
    typeName: textC('type_name'),
    price: bigint('price', { mode: 'number' }),
    packingForm: bigint('packing_form', { mode: 'number' }),
    manufacturer: textC('manufacturer'),
    img: textC('img'),
    imgMd5: textC('img_md5'),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('goods_number_idx').on(t.number)],
);
