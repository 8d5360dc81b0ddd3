// PostgreSQL's twin of db/schema/status.ts (documented there); types by docs/decisions.md D99.
import { pgTable, bigint, integer, index, primaryKey } from 'drizzle-orm/pg-core';
import { textC } from './columns';
import type { MachineEventKind } from '../../../schema';
import { machines } from './machines';

export const machineStatus = pgTable('machine_status', {
  assetId: textC('asset_id')
    .primaryKey()
    .references(() => machines.assetId),
  vmcOnline: integer('vmc_online'),
  online: integer('online'),
  doorState: integer('door_state'),
  isSale: integer('is_sale'),
  coin5Count: integer('coin5_count'),
  coin10Count: integer('coin10_count'),
  faultCode: textC('fault_code'),
  firmware: textC('firmware'),
  siteName: textC('site_name'),
  lineName: textC('line_name'),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

export const machineEvents = pgTable(
  'machine_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    assetId: textC('asset_id').notNull(),
    at: bigint('at', { mode: 'number' }).notNull(),
    kind: textC('kind').$type<MachineEventKind>().notNull(),
    fromValue: textC('from_value'),
    toValue: textC('to_value'),
    cid: textC('cid'),
    detail: textC('detail'),
    inboxId: bigint('inbox_id', { mode: 'number' }),
  },
  (t) => [
    index('machine_events_asset_at_idx').on(t.assetId, t.at),
    index('machine_events_asset_kind_at_idx').on(t.assetId, t.kind, t.at),
  ],
);

export const machineFaults = pgTable(
  'machine_faults',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    assetId: textC('asset_id').notNull(),
    cid: textC('cid').notNull(),
    pcode: textC('pcode').notNull(),
    ccode: textC('ccode').notNull(),
    raisedAt: bigint('raised_at', { mode: 'number' }).notNull(),
    clearedAt: bigint('cleared_at', { mode: 'number' }),
  },
  (t) => [index('machine_faults_asset_open_idx').on(t.assetId, t.clearedAt)],
);

export const temperatureReadings = pgTable(
  'temperature_readings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    assetId: textC('asset_id').notNull(),
    cid: textC('cid').notNull(),
    at: bigint('at', { mode: 'number' }).notNull(),
    engyOnT: textC('engy_on_t'),
    engyOffT: textC('engy_off_t'),
    lampOnT: textC('lamp_on_t'),
    lampOffT: textC('lamp_off_t'),
    cryTemUL: integer('cry_tem_ul'),
    cryTemDL: integer('cry_tem_dl'),
    heatTemUL: integer('heat_tem_ul'),
    heatTemDL: integer('heat_tem_dl'),
    leftRmTem: integer('left_rm_tem'),
    rightRmTem: integer('right_rm_tem'),
    leftRmRef: integer('left_rm_ref'),
    rightRmRef: integer('right_rm_ref'),
    leftRmHeat: integer('left_rm_heat'),
    rightRmHeat: integer('right_rm_heat'),
    lampNorOp: integer('lamp_nor_op'),
    lampAut: integer('lamp_aut'),
    chambers: textC('chambers'),
  },
  (t) => [index('temperature_asset_cid_at_idx').on(t.assetId, t.cid, t.at)],
);

export const machineVersions = pgTable(
  'machine_versions',
  {
    assetId: textC('asset_id').notNull(),
    name: textC('name').notNull(),
    type: textC('type').notNull(),
    value: textC('value'),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.assetId, t.name, t.type] })],
);

export const machineApps = pgTable(
  'machine_apps',
  {
    assetId: textC('asset_id').notNull(),
    name: textC('name').notNull(),
    version: textC('version'),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.assetId, t.name] })],
);

export const machineClocks = pgTable('machine_clocks', {
  assetId: textC('asset_id').primaryKey(),
  aheadBy: bigint('ahead_by', { mode: 'number' }).notNull(),
  since: bigint('since', { mode: 'number' }).notNull(),
  seenAt: bigint('seen_at', { mode: 'number' }).notNull(),
});

export const coinReadings = pgTable(
  'coin_readings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    assetId: textC('asset_id').notNull(),
    at: bigint('at', { mode: 'number' }).notNull(),
    coin5: integer('coin5'),
    coin10: integer('coin10'),
  },
  (t) => [index('coin_readings_asset_at_idx').on(t.assetId, t.at)],
);
