import { z } from 'zod';
import * as r from './ranges';

/**
 * Shapes of the four pushes (seed 000 §2.1, §3.1, §4.1, §8.1). Unknown members are kept
 * (looseObject); numbers may arrive as numbers or digit strings; "" and null mean absent.
 * Money, counts, flags, capacities, stocks, coins and coordinates must be in their ranges
 * (./ranges.ts, D62); times are read leniently.
 */
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const int = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
  z.number({ error: 'expected an integer' }).int({ error: 'expected an integer' }).safe(),
);
export const optInt = z.preprocess(blankToUndefined, int.optional());
/**
 * No machine reports a NUL character, and PostgreSQL's text cannot hold one: refused on both
 * engines, as a value out of its range is (D112).
 */
const noNul = (s: string) => !s.includes('\u0000');
const NO_NUL = { error: 'must not contain U+0000 (NUL)' };

export const optStr = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : blankToUndefined(v)),
  z.string({ error: 'expected a string' }).refine(noNul, NO_NUL).optional(),
);
export const reqStr = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z
    .string({ error: 'expected a non-empty string' })
    .min(1, { error: 'expected a non-empty string' })
    .refine(noNul, NO_NUL),
);

const envelope = {
  clientId: reqStr,
  nonce_str: reqStr,
  sign: reqStr,
};

const shelf = z.looseObject({
  location_id: reqStr,
  goods_id: optStr,
  goods_name: optStr,
  price: r.unitFen,
  img: optStr,
  Img: optStr,
  Imgmd5: optStr,
  imgmd5: optStr,
  capacity: r.shelfUnits,
  valve: r.shelfUnits,
});
const nestedContainer = z.looseObject({
  cid: reqStr,
  type: optInt,
  shelves: z.array(shelf),
});

export const deviceSchema = z.looseObject({
  ...envelope,
  assetId: reqStr,
  name: optStr,
  siteName: optStr,
  lineName: optStr,
  location: z.preprocess(
    blankToUndefined,
    z.looseObject({ longitude: r.coordinate(180), latitude: r.coordinate(90) }).optional(),
  ),
  // §2.1's table nests shelves under containers; its example flattens shelves into containers.
  containers: z.array(z.union([nestedContainer, shelf.extend({ cid: optStr, type: optInt })])),
});

export const tradeSchema = z
  .looseObject({
    ...envelope,
    id: reqStr,
    assetId: reqStr,
    orderNo: optStr,
    goodsId: optStr,
    goodsName: optStr,
    goodsNumber: optStr,
    locationId: optStr,
    price: r.unitFen,
    type: optStr,
    typeName: optStr,
    payStyle: optInt,
    count: r.tradeCount,
    payStatus: optInt,
    payTime: r.optTime,
    cid: optStr,
    deliverStatus: optInt,
    exec_ts: r.optTime,
    refundStatus: optInt,
    refundFee: z.preprocess(blankToUndefined, r.totalFen.optional()),
    refundTime: r.optTime,
    tradeNo: optStr,
    createTime: r.optTime,
  })
  // A refund cannot be more than was paid for the trade: price × count.
  .superRefine((m, ctx) => {
    if (m.refundFee === undefined || m.price === undefined) return;
    const paid = m.price * (m.count ?? 1);
    if (m.refundFee > paid)
      ctx.addIssue({
        code: 'custom',
        path: ['refundFee'],
        message: `must not exceed price × count (${paid} fen)`,
      });
  });

/**
 * Temperatures and set points arrive as unsigned bytes, an impossible one meaning no sensor
 * (null); `commonField` may name more chambers (wh1…), read into `chambers` (D71).
 */
const temperDetail = z
  .looseObject({
    engyOnT: optStr,
    engyOffT: optStr,
    lampOnT: optStr,
    lampOffT: optStr,
    cryTemUL: r.optTemperature,
    cryTemDL: r.optTemperature,
    heatTemUL: r.optTemperature,
    heatTemDL: r.optTemperature,
    leftRmTem: r.optTemperature,
    rightRmTem: r.optTemperature,
    leftRmRef: optInt,
    rightRmRef: optInt,
    leftRmHeat: optInt,
    rightRmHeat: optInt,
    lampNorOp: optInt,
    lampAut: optInt,
    commonField: z.unknown().optional(),
  })
  .transform(({ commonField, ...d }) => ({ ...d, chambers: r.readChambers(commonField) }));

const optList = <T extends z.ZodType>(item: T) =>
  z.preprocess(blankToUndefined, z.array(item).optional());

export const statusSchema = z.looseObject({
  ...envelope,
  assetId: reqStr,
  siteName: optStr,
  lineName: optStr,
  vmcOnline: r.optFlag,
  online: r.optFlag,
  doorState: r.optFlag,
  isSale: r.optFlag,
  coin5Count: r.coins,
  coin10Count: r.coins,
  faultCode: optList(z.unknown()),
  vendingFault: optList(z.looseObject({ cid: optStr, pcode: optStr, ccode: optStr })),
  shelvesState: optList(
    z.looseObject({ cid: optStr, shelvesId: reqStr, state: r.flag, soldoutTime: r.optTime }),
  ),
  temperState: optList(z.looseObject({ cid: optStr, temperDetail })),
  versions: optList(z.looseObject({ name: reqStr, type: reqStr, value: optStr })),
  apps: optList(z.looseObject({ name: reqStr, version: optStr })),
  fireware: optStr,
});

// §8.1's refill settlement, in V0.9's shape and the older one: ./refill-schema.ts.

export type DeviceMessage = z.infer<typeof deviceSchema>;
export type TradeMessage = z.infer<typeof tradeSchema>;
export type StatusMessage = z.infer<typeof statusSchema>;

/** "containers.0.shelves.2.capacity: expected an integer" */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`)
    .join('; ');
}
