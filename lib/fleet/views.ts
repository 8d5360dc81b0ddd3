import type { TradeRow } from '@/db/queries/trades';
import { flagOf } from '@/lib/fleet/flags';
import type { MachineListRow } from '@/db/queries/machine-list';

/**
 * API shapes. The platform's inverted codes become plain booleans here
 * (online 0 = online, doorState 0 = open); null means the platform has not told us yet, or told
 * us −1 (unknown).
 */
const flag = flagOf;

/**
 * `shelves`: its planogram's shelves and how many of them are sold out. A machine with every
 * shelf sold out cannot sell, whatever its isSale flag says (D81).
 */
export function machineFlags(
  s: {
    online: number | null;
    vmcOnline: number | null;
    doorState: number | null;
    isSale: number | null;
  },
  shelves?: { soldOut: number; total: number },
) {
  const allSoldOut = !!shelves && shelves.total > 0 && shelves.soldOut >= shelves.total;
  return {
    online: flag(s.online, 0),
    vmcOk: flag(s.vmcOnline, 1),
    doorOpen: flag(s.doorState, 0),
    sellable: allSoldOut ? false : flag(s.isSale, 1),
  };
}

export function machineListItem(r: MachineListRow) {
  return {
    assetId: r.assetId,
    name: r.name,
    platform: r.platform,
    incomplete: r.incomplete,
    siteName: r.siteName,
    lineName: r.lineName,
    areaName: r.areaName,
    ...machineFlags(r, { soldOut: r.soldOutShelves, total: r.totalShelves }),
    soldOutShelves: r.soldOutShelves,
    totalShelves: r.totalShelves,
    openFaults: r.openFaults,
    lastSeenAt: r.lastSeenAt,
  };
}

/** A trade with §3.1's field names (and §3.2's extras), numbers as numbers. */
export function tradeView(t: TradeRow) {
  return {
    id: t.tradeId,
    orderNo: t.orderNo,
    tradeNo: t.tradeNo,
    assetId: t.assetId,
    cid: t.cid,
    locationId: t.locationId,
    goodsId: t.goodsId,
    goodsName: t.goodsName,
    goodsNumber: t.goodsNumber,
    type: t.typeId,
    typeName: t.typeName,
    price: t.price,
    price_1: t.price1,
    cost: t.cost,
    count: t.count,
    payStyle: t.payStyle,
    payStatus: t.payStatus,
    payTime: t.payTime,
    createTime: t.createTime,
    /** What the machine stated, when it was not believed (its clock ahead, D71); else null. */
    payTimeStated: t.payTimeStated,
    createTimeStated: t.createTimeStated,
    refundTimeStated: t.refundTimeStated,
    traCreateTime: t.traCreateTime,
    deliverStatus: t.deliverStatus,
    delivery: t.delivery,
    notice_ts: t.noticeTs,
    recv_ts: t.recvTs,
    exec_ts: t.execTs,
    refundStatus: t.refundStatus,
    refundFee: t.refundFee,
    refundTime: t.refundTime,
    refundOrderNo: t.refundOrderNo,
    refundTradeNo: t.refundTradeNo,
    transaction_id: t.transactionId,
    gwId: t.gwId,
    deviceId: t.deviceId,
    siteId: t.siteId,
    lineId: t.lineId,
    lineName: t.lineName,
    machineType: t.machineType,
    coupon_id: t.couponId,
    coupon_fee: t.couponFee,
    coupon_count: t.couponCount,
    openId: t.openId,
    back_type: t.backType,
    phone: t.phone,
    fee: t.fee,
    currency: t.currency,
    pfFee: t.pfFee,
    source: t.source,
    updatedAt: t.updatedAt,
  };
}
