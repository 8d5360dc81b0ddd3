import { Decimal, RawNumber, dec } from './money';
import type { RestockLine, SaasOrder, TakenLine } from './types';

/**
 * The §11 callback bodies, in the spec's PascalCase. Each mirrors its own table: OrderDetected
 * has OrgId and no CustomerDetails; the settlement's product table spells `price` in lower
 * case and has no PictureUrl. A reader that is case-insensitive (as it must be) sees no
 * difference; one that is not learns it here rather than in production.
 */

type Body = Record<string, unknown>;

function head(o: SaasOrder, action: string, status: boolean, msg: string): Body {
  return {
    OrderId: o.orderId,
    OrderNo: o.orderNo,
    TranseType: o.transeType,
    Action: action,
    Status: status,
    Msg: msg,
    CustomerDetails: o.customerDetails,
  };
}

export const openedDoor = (o: SaasOrder): Body => ({
  ...head(o, 'OpenedDoor', true, 'The door is open'),
  Data: '',
});

export const closedDoor = (o: SaasOrder, action: 'ClosedDoor' | 'CloseDoor'): Body => ({
  ...head(o, action, true, 'The door is closed'),
  Data: '',
});

export const cancelled = (o: SaasOrder, reason: string): Body => ({
  ...head(o, 'Cancel', false, reason),
  Data: '',
});

/** BuyCount is pieces for MeterType 1 and weighed grams for MeterType 2 (price per kg). */
export function productModel(l: TakenLine) {
  return {
    Id: l.commodityId,
    AlisName: l.name,
    BuyCount: l.meterType === 2 ? l.grams : l.pieces,
    MeterType: l.meterType,
    Price: dec(l.priceMinor),
    PictureUrl: l.pictureUrl,
  };
}

function restockModel(l: RestockLine) {
  return {
    Id: l.commodityId,
    AlisName: l.name,
    BuyCount: l.spotCount,
    MeterType: l.meterType,
    Price: dec(l.priceMinor),
    PictureUrl: l.pictureUrl,
    LayerNo: l.layerNo,
    SpotCount: l.spotCount,
    StockCount: l.stockCount,
    Sno: l.sno,
  };
}

export function orderDetected(o: SaasOrder, orgId: string): Body {
  const base = {
    OrderId: o.orderId,
    OrderNo: o.orderNo,
    TranseType: o.transeType,
    OrgId: orgId,
    Action: 'OrderDetected',
  };
  const detail = (mode: 0 | 1 | 2, lines: TakenLine[]) => ({
    TradeProcessMode: mode,
    TradeProductModels: lines.map(productModel),
  });
  const out = o.outcome;
  switch (out.kind) {
    case 'restock':
      // The spec leaves the restock result open; it has to carry what Repli/Confirm needs back.
      return {
        ...base,
        Status: true,
        Msg: 'Replenishment identified',
        Data: {
          TradeProcessMode: 0,
          TransId: o.restock!.transId,
          TrackingId: o.restock!.trackingId,
          DoorNo: o.doorNo,
          TradeProductModels: o.restock!.lines.map(restockModel),
        },
      };
    case 'recognition-failure':
      return { ...base, Status: false, Msg: out.reason, Data: null };
    case 'interrupted':
      return { ...base, Status: true, Msg: out.reason, Data: detail(2, []) };
    case 'no-shopping':
      return { ...base, Status: true, Msg: 'Open but no shopping', Data: detail(1, []) };
    default:
      return { ...base, Status: true, Msg: 'Identified successfully', Data: detail(0, o.taken) };
  }
}

export function settlement(o: SaasOrder): Body {
  return {
    ...head(o, 'OrderSettlement', true, 'The order was settled manually'),
    Data: {
      TradeProcessMode: o.taken.length ? 0 : 1,
      TradeProductModels: o.taken.map((l) => {
        const { PictureUrl: _p, Price, ...rest } = productModel(l);
        return { ...rest, price: Price };
      }),
    },
  };
}

/** One §11.6 / §11.7 product line. */
export interface MoneyLine {
  Id: string;
  AlisName: string;
  BuyCount: number;
  MeterType: 1 | 2;
  Price: Decimal;
}

export function adjustment(o: SaasOrder, deductionNo: string, lines: MoneyLine[]): Body {
  return {
    ...head(o, 'OrderAdjustment', true, 'Supplementary deduction'),
    Data: { OrderNo: deductionNo, OrderProducts: lines },
  };
}

export function refund(o: SaasOrder, refundNo: string, lines: MoneyLine[], remark: string): Body {
  return {
    ...head(o, 'OrderRefund', true, 'Refund'),
    Data: { RefundRemark: remark, RefundOrderNo: refundNo, OrderRefundProducts: lines },
  };
}

/** The platform also sends camelCase: every member name with its first letter lowered. */
export function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize);
  if (value instanceof Decimal || value instanceof RawNumber) return value;
  if (value === null || typeof value !== 'object') return value;
  // "Refund Order No" is spelt so whatever the naming (D73).
  const name = (k: string) => (k.includes(' ') ? k : k.charAt(0).toLowerCase() + k.slice(1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [name(k), camelize(v)]));
}
