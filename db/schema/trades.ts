import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * A trade's time as the statistics count it (D5): paid, else created. Written without commas:
 * drizzle-kit splits an index's expression at them. A query that says exactly this can read
 * it from `trades_delivered_units_idx`.
 */
export const tradeTime = sql`(case when pay_time is null then create_time else pay_time end)`;

/**
 * Every field of §3.1 (push) and §3.2 (pull). Raw platform codes are kept as sent;
 * `delivery` is the normalised meaning, because deliverStatus codes differ between push and pull.
 */
export const trades = sqliteTable(
  'trades',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** §3.1 `id`; absent on §3.2 rows. */
    tradeId: text('trade_id'),
    orderNo: text('order_no'),
    tradeNo: text('trade_no'),
    assetId: text('asset_id').notNull(),
    cid: text('cid'),
    locationId: text('location_id'),
    goodsId: text('goods_id'),
    goodsName: text('goods_name'),
    goodsNumber: text('goods_number'),
    typeId: text('type_id'),
    typeName: text('type_name'),
    /** fen */
    price: integer('price'),
    price1: integer('price_1'),
    cost: integer('cost'),
    count: integer('count'),
    payStyle: integer('pay_style'),
    payStatus: integer('pay_status'),
    payTime: integer('pay_time'),
    createTime: integer('create_time'),
    traCreateTime: integer('tra_create_time'),
    deliverStatus: integer('deliver_status'),
    delivery: text('delivery').$type<Delivery>(),
    noticeTs: integer('notice_ts'),
    recvTs: integer('recv_ts'),
    execTs: integer('exec_ts'),
    refundStatus: integer('refund_status'),
    refundFee: integer('refund_fee'),
    refundTime: integer('refund_time'),
    refundOrderNo: text('refund_order_no'),
    refundTradeNo: text('refund_trade_no'),
    transactionId: text('transaction_id'),
    gwId: text('gw_id'),
    deviceId: text('device_id'),
    siteId: text('site_id'),
    lineId: text('line_id'),
    lineName: text('line_name'),
    machineType: integer('machine_type'),
    couponId: text('coupon_id'),
    couponFee: integer('coupon_fee'),
    couponCount: integer('coupon_count'),
    openId: text('open_id'),
    backType: text('back_type'),
    phone: text('phone'),
    fee: integer('fee'),
    currency: integer('currency'),
    /** §3.2 pfFee is a double "in fen"; kept as its exact text. */
    pfFee: text('pf_fee'),
    /**
     * What the machine stated for payTime / createTime / refundTime when it was not believed
     * (more than 5 minutes after we received it: its clock is ahead, D71); the column beside it
     * then holds the receipt time, which every period and statistic counts by. Null: believed.
     */
    payTimeStated: integer('pay_time_stated'),
    createTimeStated: integer('create_time_stated'),
    refundTimeStated: integer('refund_time_stated'),
    source: text('source').$type<'push' | 'pull'>().notNull(),
    firstSeenAt: integer('first_seen_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('trades_trade_id_uq').on(t.tradeId),
    index('trades_order_no_idx').on(t.orderNo),
    // A complaint names the payment's trade number: the trades page finds it at once.
    index('trades_trade_no_idx').on(t.tradeNo),
    index('trades_asset_pay_time_idx').on(t.assetId, t.payTime),
    // The fleet's trades in time order (db/queries/trades.ts: each page is one range) and the
    // fleet-wide raw sums (db/queries/sales.ts). It replaced an index on pay_time alone
    // (migration 0021): one index fewer to keep on every trade a push inserts.
    index('trades_time_idx').on(tradeTime, t.id),
    // Units each machine delivered lately (route planning's velocity, db/queries/planning.ts):
    // a range of this index per machine, no table lookups (the trades' rows are 0.6 KB each).
    index('trades_delivered_units_idx')
      .on(t.assetId, tradeTime, t.count)
      .where(sql`delivery = 'delivered'`),
  ],
);

/** `unknown`: a deliverStatus past the tables (4, 5…), kept raw; never counted as delivered. */
export type Delivery =
  'pending' | 'delivered' | 'failed_sold_out' | 'failed' | 'no_stock' | 'no_such_goods' | 'unknown';
