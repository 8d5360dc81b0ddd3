import { sqliteTable, integer, text, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { machines } from './machines';

/** Latest §4.1 state per machine, with the platform's own codes (online 0 = online!). */
export const machineStatus = sqliteTable('machine_status', {
  assetId: text('asset_id')
    .primaryKey()
    .references(() => machines.assetId),
  vmcOnline: integer('vmc_online'),
  online: integer('online'),
  doorState: integer('door_state'),
  isSale: integer('is_sale'),
  coin5Count: integer('coin5_count'),
  coin10Count: integer('coin10_count'),
  /** faultCode list as JSON text. */
  faultCode: text('fault_code'),
  firmware: text('firmware'),
  siteName: text('site_name'),
  lineName: text('line_name'),
  updatedAt: integer('updated_at').notNull(),
});

export type MachineEventKind =
  'online' | 'vmc' | 'door' | 'sale' | 'fault_raised' | 'fault_cleared' | 'sold_out' | 'restocked';

/** Transitions of door, online, VMC and sale state, faults and shelf states, in time order. */
export const machineEvents = sqliteTable(
  'machine_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assetId: text('asset_id').notNull(),
    at: integer('at').notNull(),
    kind: text('kind').$type<MachineEventKind>().notNull(),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    cid: text('cid'),
    detail: text('detail'),
    inboxId: integer('inbox_id'),
  },
  (t) => [
    index('machine_events_asset_at_idx').on(t.assetId, t.at),
    // A machine's latest event of one kind (since when it is offline, its door open) in one
    // seek, however many shelf and sale events came after it.
    index('machine_events_asset_kind_at_idx').on(t.assetId, t.kind, t.at),
  ],
);

export const machineFaults = sqliteTable(
  'machine_faults',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assetId: text('asset_id').notNull(),
    cid: text('cid').notNull(),
    pcode: text('pcode').notNull(),
    ccode: text('ccode').notNull(),
    raisedAt: integer('raised_at').notNull(),
    clearedAt: integer('cleared_at'),
  },
  (t) => [index('machine_faults_asset_open_idx').on(t.assetId, t.clearedAt)],
);

/** Every temperDetail field per container, as a time series. */
export const temperatureReadings = sqliteTable(
  'temperature_readings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assetId: text('asset_id').notNull(),
    cid: text('cid').notNull(),
    at: integer('at').notNull(),
    engyOnT: text('engy_on_t'),
    engyOffT: text('engy_off_t'),
    lampOnT: text('lamp_on_t'),
    lampOffT: text('lamp_off_t'),
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
    /**
     * More chambers of the container (`temperDetail.commonField`: wh1, wh2, wh3…) as JSON text
     * `{"wh1":-18,"wh2":null}`, °C, null for "no sensor" (D71); null when it sent none.
     */
    chambers: text('chambers'),
  },
  (t) => [index('temperature_asset_cid_at_idx').on(t.assetId, t.cid, t.at)],
);

export const machineVersions = sqliteTable(
  'machine_versions',
  {
    assetId: text('asset_id').notNull(),
    /** container id, "master" for the main cabinet */
    name: text('name').notNull(),
    /** 1 main control, 2 driver */
    type: text('type').notNull(),
    value: text('value'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.assetId, t.name, t.type] })],
);

export const machineApps = sqliteTable(
  'machine_apps',
  {
    assetId: text('asset_id').notNull(),
    name: text('name').notNull(),
    version: text('version'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.assetId, t.name] })],
);

/**
 * Machines whose clock was last seen ahead (a trade or sold-out time more than 5 minutes after
 * we received it, D71): the row goes when a later time is right again.
 */
export const machineClocks = sqliteTable('machine_clocks', {
  assetId: text('asset_id').primaryKey(),
  /** Seconds the latest stated time was ahead of its receipt. */
  aheadBy: integer('ahead_by').notNull(),
  /** When we first saw it ahead, in this spell. */
  since: integer('since').notNull(),
  /** When we last saw it ahead. */
  seenAt: integer('seen_at').notNull(),
});

/**
 * Coin counts (§4.1 coin5Count, coin10Count) as each status push reported them, stamped like
 * every status with the time we received it: the cash a refill visit took out is compared
 * with them (docs/decisions.md D21).
 */
export const coinReadings = sqliteTable(
  'coin_readings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assetId: text('asset_id').notNull(),
    at: integer('at').notNull(),
    /** 5-jiao coins */
    coin5: integer('coin5'),
    /** 1-yuan coins */
    coin10: integer('coin10'),
  },
  (t) => [index('coin_readings_asset_at_idx').on(t.assetId, t.at)],
);
