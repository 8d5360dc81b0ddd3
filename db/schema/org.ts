import { sqliteTable, integer, text, real, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Where a row was learnt: a push, a pull sync, or created as a placeholder. */
export type Origin = 'push' | 'pull' | 'placeholder';

export const areas = sqliteTable('areas', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
});

export const lines = sqliteTable('lines', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  areaId: integer('area_id').references(() => areas.id),
  description: text('description'),
  /** §9.1 createTime, epoch seconds. */
  createTime: integer('create_time'),
  origin: text('origin').$type<Origin>().notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const sites = sqliteTable(
  'sites',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** The platform's siteId (§9.2) and siteNumber (§8.1) when known. */
    platformSiteId: text('platform_site_id'),
    siteNumber: text('site_number'),
    address: text('address'),
    /** Coordinates as the platform sent them (text keeps every digit) and as numbers for maps. */
    longitudeText: text('longitude_text'),
    latitudeText: text('latitude_text'),
    longitude: real('longitude'),
    latitude: real('latitude'),
    lineId: integer('line_id').references(() => lines.id),
    areaId: integer('area_id').references(() => areas.id),
    origin: text('origin').$type<Origin>().notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('sites_name_uq').on(t.name)],
);
