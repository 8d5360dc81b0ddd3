// PostgreSQL's twin of db/schema/cabinets.ts (documented there); types by docs/decisions.md D99.
import { pgTable, bigint, boolean, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { textC } from './columns';
import type { CabinetOrderType, CabinetOrderState, CabinetEventKind } from '../../../schema';
import { machines } from './machines';

export const cabinets = pgTable('cabinets', {
  machineId: textC('machine_id')
    .primaryKey()
    .references(() => machines.assetId),
  signal: bigint('signal', { mode: 'number' }),
  temperature: textC('temperature'),
  runningState: bigint('running_state', { mode: 'number' }),
  currency: textC('currency'),
  preAuthLimit: bigint('pre_auth_limit', { mode: 'number' }),
  qrCodeUrl: textC('qr_code_url'),
  polledAt: bigint('polled_at', { mode: 'number' }),
  pollError: textC('poll_error'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

export const cabinetGoods = pgTable(
  'cabinet_goods',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    machineId: textC('machine_id')
      .notNull()
      .references(() => cabinets.machineId),
    doorNo: bigint('door_no', { mode: 'number' }).notNull(),
    commodityId: textC('commodity_id').notNull(),
    name: textC('name').notNull(),
    sku: textC('sku'),
    weight: bigint('weight', { mode: 'number' }),
    price: bigint('price', { mode: 'number' }).notNull(),
    pictureUrl: textC('picture_url'),
    stock: bigint('stock', { mode: 'number' }),
    stockUpdatedAt: bigint('stock_updated_at', { mode: 'number' }),
    listed: boolean('listed').notNull().default(true),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('cabinet_goods_uq').on(t.machineId, t.doorNo, t.commodityId)],
);

export const cabinetOrders = pgTable(
  'cabinet_orders',
  {
    orderId: textC('order_id').primaryKey(),
    tokenHash: textC('token_hash').notNull(),
    orderNo: textC('order_no'),
    machineId: textC('machine_id')
      .notNull()
      .references(() => cabinets.machineId),
    doorNo: bigint('door_no', { mode: 'number' }).notNull(),
    type: textC('type').$type<CabinetOrderType>().notNull(),
    state: textC('state').$type<CabinetOrderState>().notNull(),
    customerDetails: textC('customer_details'),
    amount: bigint('amount', { mode: 'number' }),
    currency: textC('currency'),
    reviewReason: textC('review_reason'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    createdBy: textC('created_by'),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    closedAt: bigint('closed_at', { mode: 'number' }),
    stockAppliedAt: bigint('stock_applied_at', { mode: 'number' }),
  },
  (t) => [
    index('cabinet_orders_state_idx').on(t.state, t.createdAt),
    index('cabinet_orders_machine_idx').on(t.machineId, t.createdAt),
    index('cabinet_orders_created_idx').on(t.createdAt),
  ],
);

export const cabinetOrderEvents = pgTable(
  'cabinet_order_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orderId: textC('order_id')
      .notNull()
      .references(() => cabinetOrders.orderId),
    kind: textC('kind').$type<CabinetEventKind>().notNull(),
    action: textC('action').notNull(),
    status: boolean('status'),
    msg: textC('msg'),
    at: bigint('at', { mode: 'number' }).notNull(),
    body: textC('body').notNull(),
    bodyHash: textC('body_hash').notNull(),
    actor: textC('actor'),
  },
  (t) => [
    uniqueIndex('cabinet_order_events_uq').on(t.orderId, t.bodyHash),
    index('cabinet_order_events_order_idx').on(t.orderId, t.id),
  ],
);
