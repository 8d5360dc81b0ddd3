import { z } from 'zod';
import { int, optInt, optStr, refillContentSchema, reqStr } from '@/lib/notify/schemas';
import { optTime } from '@/lib/notify/ranges';
import { yuanTextToFen } from '@/lib/money';
import { STAT_CATEGORIES } from '@/lib/domain/paystyles';

/**
 * The pull API's answers (seed 000 §3.2, §5.1, §6.1, §6.2, §8.2, §9.1, §9.2, §10, §11), read as
 * leniently as the pushes: numbers may come as digit strings, "" and null mean absent, unknown
 * members are kept, and every time is read by the pushes' one rule (seconds or milliseconds,
 * junk as unknown: ranges.ts readTime, D62, D71).
 */

/** §3.2's envelope: `cursor` is where the next page starts, the list ends at `total`. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.union([
    z.looseObject({
      result: z.literal('SUCCESS').optional(),
      cursor: int,
      total: int,
      limit: optInt,
      list: z.array(item),
    }),
    // §9.1/§9.2's examples print a bare array: one page holding everything.
    z.array(item).transform((list) => ({ cursor: list.length, total: list.length, list })),
  ]);

export interface Page<T> {
  list: T[];
  /** The next page's cursor, or null after the last page. */
  next: number | null;
  total: number;
}

/** A decimal in fen (§3.2 pfFee is a double "in fen"): kept as its text. */
const decimalText = z.preprocess(
  (v) => (v === '' || v === null ? undefined : typeof v === 'number' ? String(v) : v),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, { error: 'expected a number' })
    .optional(),
);

export const pulledTradeSchema = z.looseObject({
  orderNo: reqStr,
  assetId: reqStr,
  tradeNo: optStr,
  gwId: optStr,
  deviceId: optStr,
  siteId: optStr,
  lineId: optStr,
  lineName: optStr,
  locationId: optStr,
  machineType: optInt,
  cid: optStr,
  goodsId: optStr,
  goodsName: optStr,
  goodsNumber: optStr,
  type: optStr,
  typeName: optStr,
  deliverStatus: optInt,
  notice_ts: optTime,
  recv_ts: optTime,
  exec_ts: optTime,
  price: optInt,
  price_1: optInt,
  payStatus: optInt,
  count: optInt,
  cost: optInt,
  payTime: optTime,
  createTime: optTime,
  traCreateTime: optTime,
  refundTime: optTime,
  refundOrderNo: optStr,
  refundFee: optInt,
  refundStatus: optInt,
  refundTradeNo: optStr,
  payStyle: optInt,
  transaction_id: optStr,
  coupon_id: optStr,
  coupon_fee: optInt,
  coupon_count: optInt,
  openId: optStr,
  back_type: optStr,
  phone: optStr,
  fee: optInt,
  currency: optInt,
  pfFee: decimalText,
});
export type PulledTrade = z.infer<typeof pulledTradeSchema>;

/** §5.1's figures under their documented names; the misspelt ones are read as well. */
export const STATISTIC_KEYS = [
  'amount',
  'count',
  'onlineCount',
  'onlineAmount',
  'outlineCount',
  'outlineAmount',
  ...STAT_CATEGORIES.flatMap(([name]) => [`${name}Count`, `${name}Amount`]),
  'otherCount',
  'otherAmount',
] as const;
const MISSPELT: Record<string, string> = {
  alipayAmount: 'aliapyAmount',
  otherCount: 'othereCount',
};

const statisticItem = z
  .looseObject({ assetId: reqStr, startTime: optTime, endTime: optTime })
  .transform((raw, ctx) => {
    const r = raw as Record<string, unknown>;
    const figures: Record<string, number> = {};
    for (const key of STATISTIC_KEYS) {
      const v = r[key] ?? (MISSPELT[key] ? r[MISSPELT[key]] : undefined);
      const parsed = optInt.safeParse(v);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'expected an integer' });
        return z.NEVER;
      }
      figures[key] = parsed.data ?? 0;
    }
    return { assetId: raw.assetId, startTime: raw.startTime, endTime: raw.endTime, figures };
  });
export const statisticSchema = z.array(statisticItem);
export type PlatformStatistic = z.infer<typeof statisticItem>;

export const machineStatusSchema = z.looseObject({
  assetId: reqStr,
  vender: optStr,
  lines: z.looseObject({ name: optStr, info: optStr }).optional(),
  areaName: optStr,
  siteName: optStr,
  routerInfo: z.looseObject({ online: optInt, version: optStr, vcs: optStr }).optional(),
  vendingInfo: z
    .looseObject({
      shelvesInfo: z
        .array(
          z.looseObject({
            locationId: reqStr,
            goodsName: optStr,
            number: optStr,
            status: optInt,
            soldoutTime: optTime,
          }),
        )
        .optional(),
      faultInfo: z.array(z.looseObject({ name: optStr, time: optStr })).optional(),
    })
    .optional(),
});
export type MachineStatus = z.infer<typeof machineStatusSchema>;

const goodsSales = z.looseObject({
  goodsId: optStr,
  goodsNumber: optStr,
  goodsName: optStr,
  goodsSales: int,
});
export const salesSinceRefillSchema = z.looseObject({
  assetId: reqStr,
  salesInfo: z.array(z.looseObject({ cid: optStr, goodsInfo: z.array(goodsSales) })).optional(),
  shelvesInfo: z
    .array(
      z.looseObject({
        cid: optStr,
        shelfInfo: z.array(goodsSales.extend({ locationId: reqStr })),
      }),
    )
    .optional(),
});
export type SalesSinceRefill = z.infer<typeof salesSinceRefillSchema>;

export const refillMessagesSchema = z.looseObject({
  result: z.literal('SUCCESS').optional(),
  message: z.array(refillContentSchema),
});

export const lineSchema = z.looseObject({
  name: reqStr,
  areaName: optStr,
  description: optStr,
  createTime: optTime,
});
export type PulledLine = z.infer<typeof lineSchema>;

export const siteSchema = z.looseObject({
  deviceName: optStr,
  areaName: optStr,
  lineName: optStr,
  createTime: optTime,
  siteId: optStr,
  siteName: optStr,
  address: optStr,
  assetId: reqStr,
  online: optInt,
  shelfCount: optInt,
  cidCount: optInt,
  vender: optStr,
  fireware: optStr,
  vcs: optStr,
});
export type PulledSite = z.infer<typeof siteSchema>;

export const createCodeSchema = z.looseObject({
  result: z.literal('SUCCESS'),
  code: reqStr,
});

/** §11 price is yuan as decimal text ("1.5"): fen, exactly. */
const yuan = z.preprocess(
  (v) => (v === '' || v === null ? undefined : typeof v === 'number' ? String(v) : v),
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      try {
        return yuanTextToFen(v);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected yuan with at most 2 decimals' });
        return z.NEVER;
      }
    }),
);

export const goodsSchema = z.looseObject({
  number: reqStr,
  name: optStr,
  fullName: optStr,
  typeName: optStr,
  price: yuan,
  packingForm: optInt,
  manufacturer: optStr,
});
export type PulledGoods = z.infer<typeof goodsSchema>;
