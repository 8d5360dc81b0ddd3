import { z } from 'zod';
import { int, optInt, optStr, reqStr } from '@/lib/ingest/push/schemas';
import { refillContentSchema } from '@/lib/ingest/push/refill-schema';
import { optTime } from '@/lib/ingest/push/ranges';
import { yuanTextToFen } from '@/lib/money';
import { STAT_CATEGORIES } from '@/lib/sales/paystyles';

/**
 * The pull API's answers (seed 000 §3.2, §5.1, §6.1, §6.2, §8.2, §9.1, §9.2, §10, §11), read as
 * leniently as the pushes: numbers may come as digit strings, "" and null mean absent, unknown
 * members are kept, and every time is read by the pushes' one rule (seconds or milliseconds,
 * junk as unknown: ranges.ts readTime, D62, D71).
 */

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A paged answer in any envelope the platform uses (D12, D72): §3.2's
 * `{result, cursor, total, limit, list}` (numbers often as strings), `{result, list}`, or a bare
 * array (§9.1/§9.2's examples). `result` is not checked here: a FAIL never gets this far.
 */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (Array.isArray(v) ? { list: v } : v),
    z.looseObject({
      result: z.unknown().optional(),
      cursor: optInt,
      total: optInt,
      limit: optInt,
      list: z.array(item),
    }),
  );
export interface PageAnswer<T> {
  list: T[];
  cursor?: number;
  total?: number;
}

export interface Page<T> {
  list: T[];
  /** The next page's cursor, or null after the last page. */
  next: number | null;
  /** The list's length, when the platform said it or the last page showed it. */
  total: number | undefined;
}

/**
 * Where the next page starts: the answer's cursor when it moved past the one asked for (the
 * twin's and D12's reading: the next page's offset), else the one asked for plus the items
 * received (a platform that echoes the cursor asked for would otherwise be asked for the same
 * page for ever). With a total, the list ends there; without one (a bare array, `{result,
 * list}`), a page shorter than the limit, or longer (the limit ignored), is the last.
 */
export function nextPage<T>(asked: { limit: number; cursor: number }, r: PageAnswer<T>): Page<T> {
  const reached = asked.cursor + r.list.length;
  if (r.list.length === 0) return { list: r.list, next: null, total: r.total ?? reached };
  const next = r.cursor !== undefined && r.cursor > asked.cursor ? r.cursor : reached;
  if (r.total !== undefined)
    return { list: r.list, next: next >= r.total ? null : next, total: r.total };
  const more = r.list.length === asked.limit;
  return { list: r.list, next: more ? next : null, total: more ? undefined : reached };
}

/**
 * A list in any of the platform's envelopes: a bare array (§5.1), `{result, list}` (§6.1 as the
 * real platform answers it), or one bare object (§6.1, §6.2 as the seed prints them).
 */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (Array.isArray(v) ? v : isObject(v) && Array.isArray(v.list) ? v.list : [v]),
    z.array(item),
  );

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
export const statisticSchema = listOf(statisticItem);
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

/** §8.2: `{result, message: [...]}`; `list` for `message`, or a bare array, read the same. */
export const refillMessagesSchema = z
  .preprocess(
    (v) =>
      Array.isArray(v)
        ? { message: v }
        : isObject(v) && v.message === undefined && Array.isArray(v.list)
          ? { ...v, message: v.list }
          : v,
    z.looseObject({ result: z.unknown().optional(), message: z.array(refillContentSchema) }),
  )
  .transform((r) => r.message);

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

export const createCodeSchema = z.looseObject({ result: z.unknown().optional(), code: reqStr });

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
