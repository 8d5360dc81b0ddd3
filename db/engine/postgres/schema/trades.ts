// PostgreSQL's twin of db/schema/trades.ts (documented there); types by docs/decisions.md D99.
import { sql } from 'drizzle-orm';
import { pgTable, bigint, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { textC } from './columns';
import type { Delivery } from '../../../schema';
import { tradeTime } from '../../../schema/trades';

export const trades = pgTable(
  'trades',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    tradeId: textC('trade_id'),
    orderNo: textC('order_no'),
    tradeNo: textC('trade_no'),
    assetId: textC('asset_id').notNull(),
    cid: textC('cid'),
    locationId: textC('location_id'),
    goodsId: textC('goods_id'),
    goodsName: textC('goods_name'),
    goodsNumber: textC('goods_number'),
    typeId: textC('type_id'),
    typeName: textC('type_name'),
    price: bigint('price', { mode: 'number' }),
    price1: bigint('price_1', { mode: 'number' }),
    cost: bigint('cost', { mode: 'number' }),
    count: bigint('count', { mode: 'number' }),
    payStyle: bigint('pay_style', { mode: 'number' }),
    payStatus: bigint('pay_status', { mode: 'number' }),
    payTime: bigint('pay_time', { mode: 'number' }),
    createTime: bigint('create_time', { mode: 'number' }),
    traCreateTime: bigint('tra_create_time', { mode: 'number' }),
    deliverStatus: bigint('deliver_status', { mode: 'number' }),
    delivery: textC('delivery').$type<Delivery>(),
    noticeTs: bigint('notice_ts', { mode: 'number' }),
    recvTs: bigint('recv_ts', { mode: 'number' }),
    execTs: bigint('exec_ts', { mode: 'number' }),
    refundStatus: bigint('refund_status', { mode: 'number' }),
    refundFee: bigint('refund_fee', { mode: 'number' }),
    refundTime: bigint('refund_time', { mode: 'number' }),
    refundOrderNo: textC('refund_order_no'),
    refundTradeNo: textC('refund_trade_no'),
    transactionId: textC('transaction_id'),
    gwId: textC('gw_id'),
    deviceId: textC('device_id'),
    siteId: textC('site_id'),
    lineId: textC('line_id'),
    lineName: textC('line_name'),
    machineType: bigint('machine_type', { mode: 'number' }),
    couponId: textC('coupon_id'),
    couponFee: bigint('coupon_fee', { mode: 'number' }),
    couponCount: bigint('coupon_count', { mode: 'number' }),
    openId: textC('open_id'),
    backType: textC('back_type'),
    phone: textC('phone'),
    fee: bigint('fee', { mode: 'number' }),
    currency: bigint('currency', { mode: 'number' }),
    pfFee: textC('pf_fee'),
    payTimeStated: bigint('pay_time_stated', { mode: 'number' }),
    createTimeStated: bigint('create_time_stated', { mode: 'number' }),
    refundTimeStated: bigint('refund_time_stated', { mode: 'number' }),
    source: textC('source').$type<'push' | 'pull'>().notNull(),
    firstSeenAt: bigint('first_seen_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('trades_trade_id_uq').on(t.tradeId),
    index('trades_order_no_idx').on(t.orderNo),
    index('trades_trade_no_idx').on(t.tradeNo),
    index('trades_asset_pay_time_idx').on(t.assetId, t.payTime),
    index('trades_time_idx').on(tradeTime, t.id),
    // Migration 0002 rebuilds it with INCLUDE (pay_time, create_time), which Drizzle cannot
    // declare: the per-machine probes index-only (D122; the schema test checks it is there).
    index('trades_delivered_units_idx')
      .on(t.assetId, tradeTime, t.count)
      .where(sql`delivery = 'delivered'`),
  ],
);
