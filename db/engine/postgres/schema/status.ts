// PostgreSQL's twin of db/schema/status.ts (documented there); types by docs/decisions.md D99.
import { pgTable, bigint, index, primaryKey } from 'drizzle-orm/pg-core';
import { textC } from './columns';
import type { MachineEventKind } from '../../../schema';
import { machines } from './machines';

export const machineStatus = pgTable('machine_status', {
  assetId: textC('asset_id')
    .primaryKey()
    .references(() => machines.assetId),
  vmcOnline: bigint('vmc_online', { mode: 'number' }),
  online: bigint('online', { mode: 'number' }),
  doorState: bigint('door_state', { mode: 'number' }),
  isSale: bigint('is_sale', { mode: 'number' }),
  coin5Count: bigint('coin5_count', { mode: 'number' }),
  coin10Count: bigint('coin10_count', { mode: 'number' }),
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
    cryTemUL: bigint('cry_tem_ul', { mode: 'number' }),
    cryTemDL: bigint('cry_tem_dl', { mode: 'number' }),
    heatTemUL: bigint('heat_tem_ul', { mode: 'number' }),
    heatTemDL: bigint('heat_tem_dl', { mode: 'number' }),
    leftRmTem: bigint('left_rm_tem', { mode: 'number' }),
    rightRmTem: bigint('right_rm_tem', { mode: 'number' }),
    leftRmRef: bigint('left_rm_ref', { mode: 'number' }),
    rightRmRef: bigint('right_rm_ref', { mode: 'number' }),
    leftRmHeat: bigint('left_rm_heat', { mode: 'number' }),
    rightRmHeat: bigint('right_rm_heat', { mode: 'number' }),
    lampNorOp: bigint('lamp_nor_op', { mode: 'number' }),
    lampAut: bigint('lamp_aut', { mode: 'number' }),
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
    coin5: bigint('coin5', { mode: 'number' }),
    coin10: bigint('coin10', { mode: 'number' }),
  },
  (t) => [index('coin_readings_asset_at_idx').on(t.assetId, t.at)],
);
