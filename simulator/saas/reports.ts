import type { Fields } from './http';
import type { OrderBook } from './orders';
import type { SaasOrder } from './types';

/**
 * §7 and §10 answer in their own shapes ({TrackingId, TransId, Success, Message} and
 * {OrderId, Status, Message}) rather than the envelope. Malformed requests are refused before
 * these run, in the envelope, as the framework's model validation would.
 */
export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** §7: sets each confirmed layer's stock to the calibrated StockCount (absolute: re-sending is harmless). */
export function confirmRestock(book: OrderBook, f: Fields): Reply {
  const mid = f.string('Mid');
  const transId = f.int('TransId');
  const trackingId = f.string('TrackingId');
  const doorNo = f.int('DoorNo', { min: 0 });
  const items = f.list('Data').map((item) => ({
    commodityId: item.string('CommodityId'),
    layerNo: item.int('LayerNo', { min: 0 }),
    spotCount: item.int('SpotCount', { min: 0 }),
    stockCount: item.int('StockCount', { min: 0 }),
    sno: item.int('Sno'),
  }));
  const no = (status: number, message: string): Reply => ({
    status,
    body: { TrackingId: trackingId, TransId: transId, Success: false, Message: message },
  });
  const cabinet = book.ctx.cabinets.get(mid);
  if (!cabinet) return no(404, `Machine ${mid} does not exist`);
  const order = [...book.byId.values()].find(
    (o) =>
      o.machineId === mid && o.restock?.transId === transId && o.restock.trackingId === trackingId,
  );
  if (!order) return no(404, 'No replenishment with this TransId and TrackingId on this machine');
  if (order.state === 'cancelled') return no(409, 'The replenishment was cancelled');
  if (order.doorNo !== doorNo) return no(400, `The replenishment was on door ${order.doorNo}`);
  for (const item of items) {
    if (!cabinet.commodities.some((c) => c.commodityId === item.commodityId)) {
      return no(400, `Commodity ${item.commodityId} is not sold on machine ${mid}`);
    }
  }
  for (const item of items) {
    let slot = cabinet.slots.find(
      (s) =>
        s.doorNo === doorNo && s.layerNo === item.layerNo && s.commodityId === item.commodityId,
    );
    if (!slot) {
      slot = {
        doorNo,
        layerNo: item.layerNo,
        commodityId: item.commodityId,
        capacity: 0,
        stock: 0,
      };
      cabinet.slots.push(slot);
      const listed = cabinet.commodities.find((c) => c.commodityId === item.commodityId)!;
      if (
        !cabinet.commodities.some((c) => c.commodityId === item.commodityId && c.doorNo === doorNo)
      ) {
        cabinet.commodities.push({ ...listed, doorNo });
      }
    }
    slot.stock = item.stockCount;
    slot.capacity = Math.max(slot.capacity, item.stockCount);
  }
  order.restock!.confirmedAt = book.ctx.now();
  return {
    status: 200,
    body: {
      TrackingId: trackingId,
      TransId: transId,
      Success: true,
      Message: 'Replenishment data confirmed successfully',
    },
  };
}

/**
 * §10: OrderNo names what was paid: the order itself (PayType 0), a deduction of §11.6
 * (PayType 1) or a refund of §11.7 (PayType 2, whose OrderId is the app's refund number).
 */
export function reportPayment(book: OrderBook, f: Fields): Reply {
  const orderId = f.string('OrderId');
  const orderNo = f.string('OrderNo');
  const payType = (f.optionalInt('PayType', { oneOf: [0, 1, 2] }) ?? 0) as 0 | 1 | 2;
  const payStatus = f.int('PayStatus', { oneOf: [1, 2] }) as 1 | 2;
  const errorMessage = f.optionalString('ErrorMessage') ?? '';
  const no = (status: number, message: string): Reply => ({
    status,
    body: { OrderId: orderId, Status: false, Message: message },
  });
  const orders = [...book.byId.values()];
  const matches: Record<0 | 1 | 2, (o: SaasOrder) => boolean> = {
    0: (o) => o.orderNo === orderNo,
    1: (o) => o.adjustments.some((a) => a.orderNo === orderNo),
    2: (o) => o.refunds.some((r) => r.orderNo === orderNo),
  };
  const order = orders.find(matches[payType]);
  if (!order) {
    const what = ['order', 'deduction order', 'refund order'][payType];
    return no(404, `No ${what} with OrderNo ${orderNo}`);
  }
  if (payType === 0 && order.orderId !== orderId) {
    return no(400, `OrderNo ${orderNo} belongs to OrderId ${order.orderId}`);
  }
  if (payType === 0 && order.transeType !== 0) return no(400, `Order ${orderId} is a restock`);
  order.payments.push({ at: book.ctx.now(), orderId, orderNo, payType, payStatus, errorMessage });
  return {
    status: 200,
    body: { OrderId: orderId, Status: true, Message: 'Order processed successfully' },
  };
}
