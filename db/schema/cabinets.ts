import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { CABINET_ORDER_STATES, type CabinetOrderState } from '../codes';
import { machines } from './machines';

/**
 * AI smart cabinets of the SAAS OpenApi (seed 002, issue 9). A cabinet is also a row of
 * `machines` (platform `saas`), so it is in the fleet's list; this table holds what §2 and §4
 * report, polled on a schedule.
 */
export const cabinets = sqliteTable('cabinets', {
  machineId: text('machine_id')
    .primaryKey()
    .references(() => machines.assetId),
  /** §2: 0–5. */
  signal: integer('signal'),
  /** §2 sends text ("24"); kept as sent. */
  temperature: text('temperature'),
  /** §2: 1 running, 0 locked. */
  runningState: integer('running_state'),
  /** §4: ISO 4217. */
  currency: text('currency'),
  /** §4 pre-authorisation limit, minor units of `currency`. */
  preAuthLimit: integer('pre_auth_limit'),
  qrCodeUrl: text('qr_code_url'),
  polledAt: integer('polled_at'),
  /** The last poll's failure, null once a poll succeeds. */
  pollError: text('poll_error'),
  createdAt: integer('created_at').notNull(),
});

/** §3: a commodity per door of a cabinet, with our own stock count. */
export const cabinetGoods = sqliteTable(
  'cabinet_goods',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    machineId: text('machine_id')
      .notNull()
      .references(() => cabinets.machineId),
    doorNo: integer('door_no').notNull(),
    commodityId: text('commodity_id').notNull(),
    name: text('name').notNull(),
    sku: text('sku'),
    /** Grams (for goods sold by weight, the unit the price is for). */
    weight: integer('weight'),
    /** Minor units of the cabinet's currency. */
    price: integer('price').notNull(),
    pictureUrl: text('picture_url'),
    /** Pieces: set by a restock confirmation, lowered by recognised sales; null when unknown. */
    stock: integer('stock'),
    stockUpdatedAt: integer('stock_updated_at'),
    /** false once §3 no longer lists it (kept: orders refer to it). */
    listed: integer('listed', { mode: 'boolean' }).notNull().default(true),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('cabinet_goods_uq').on(t.machineId, t.doorNo, t.commodityId)],
);

export type CabinetOrderType = 'buy' | 'restock';
export { CABINET_ORDER_STATES, type CabinetOrderState };

/**
 * A door session we asked for (§5/§6). State, amount and review reason are derived from the
 * events by lib/cabinets/state.ts and stored here so lists can filter on them.
 */
export const cabinetOrders = sqliteTable(
  'cabinet_orders',
  {
    /** Ours, sent as OrderId. */
    orderId: text('order_id').primaryKey(),
    /** SHA-256 of the per-order callback token in the NotifyUrl (the token itself is not kept). */
    tokenHash: text('token_hash').notNull(),
    /** The SaasAPI order number (OpenDoor's Data, or the first callback's OrderNo). */
    orderNo: text('order_no'),
    machineId: text('machine_id')
      .notNull()
      .references(() => cabinets.machineId),
    doorNo: integer('door_no').notNull(),
    type: text('type').$type<CabinetOrderType>().notNull(),
    state: text('state').$type<CabinetOrderState>().notNull(),
    customerDetails: text('customer_details'),
    /** Minor units of `currency`: what is billed (items, plus deductions, less refunds). */
    amount: integer('amount'),
    currency: text('currency'),
    reviewReason: text('review_reason'),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by'),
    updatedAt: integer('updated_at').notNull(),
    closedAt: integer('closed_at'),
    /** When recognised sales were taken off stock (once). */
    stockAppliedAt: integer('stock_applied_at'),
  },
  (t) => [
    index('cabinet_orders_state_idx').on(t.state, t.createdAt),
    index('cabinet_orders_machine_idx').on(t.machineId, t.createdAt),
    index('cabinet_orders_created_idx').on(t.createdAt),
  ],
);

export type CabinetEventKind = 'request' | 'callback' | 'operator' | 'payment' | 'system';

/**
 * Everything that happened to an order: each §11 callback raw and exactly once (a redelivered
 * body is recognised by its hash), our requests and their answers, operator actions, payment
 * reports. The order's state is a pure function of these.
 */
export const cabinetOrderEvents = sqliteTable(
  'cabinet_order_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: text('order_id')
      .notNull()
      .references(() => cabinetOrders.orderId),
    kind: text('kind').$type<CabinetEventKind>().notNull(),
    action: text('action').notNull(),
    status: integer('status', { mode: 'boolean' }),
    msg: text('msg'),
    at: integer('at').notNull(),
    /** Callbacks: the body as received. Others: our own JSON detail. */
    body: text('body').notNull(),
    bodyHash: text('body_hash').notNull(),
    actor: text('actor'),
  },
  (t) => [
    uniqueIndex('cabinet_order_events_uq').on(t.orderId, t.bodyHash),
    index('cabinet_order_events_order_idx').on(t.orderId, t.id),
  ],
);
