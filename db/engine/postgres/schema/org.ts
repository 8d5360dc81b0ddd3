// PostgreSQL's twin of db/schema/org.ts (documented there); types by docs/decisions.md D99.
import { pgTable, bigint, doublePrecision, uniqueIndex } from 'drizzle-orm/pg-core';
import { textC } from './columns';
import type { Origin } from '../../../schema';

export const areas = pgTable('areas', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  name: textC('name').notNull().unique(),
});

export const lines = pgTable('lines', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  name: textC('name').notNull().unique(),
  areaId: bigint('area_id', { mode: 'number' }).references(() => areas.id),
  description: textC('description'),
  createTime: bigint('create_time', { mode: 'number' }),
  origin: textC('origin').$type<Origin>().notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

export const sites = pgTable(
  'sites',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    name: textC('name').notNull(),
    platformSiteId: textC('platform_site_id'),
    siteNumber: textC('site_number'),
    address: textC('address'),
    longitudeText: textC('longitude_text'),
    latitudeText: textC('latitude_text'),
    longitude: doublePrecision('longitude'),
    latitude: doublePrecision('latitude'),
    lineId: bigint('line_id', { mode: 'number' }).references(() => lines.id),
    areaId: bigint('area_id', { mode: 'number' }).references(() => areas.id),
    origin: textC('origin').$type<Origin>().notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('sites_name_uq').on(t.name)],
);
