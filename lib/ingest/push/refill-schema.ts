import { z } from 'zod';
import * as r from './ranges';
import { optInt, optStr, reqStr } from './schemas';
import { amountKeys, amountsToPaySales } from './refill-older';

/**
 * The refill settlement (seed 000 §8.1 push, §8.2 message) in both shapes the platform sends:
 * V0.9's (`lastRefillTime`/`refillTime`, `shelfPaySales[]`, `paySales` as a name/sales/units
 * list) and the vendor's code before V0.9 (`lastTime`/`createTime`, `cidPaySales[]` of
 * containers with `shelvesPaySales[]` in `location_id`/`goods_id`/`goods_name`, and `paySales`
 * as one object of `salesAmount`/`salesCount`, `cashAmount`, `nocashAmount`, … fields). Each
 * field is checked by meaning at its own path, in whichever shape it came, and the older one is
 * read into V0.9's: the same settlement, reconciliation and CSV (D72). What has no V0.9
 * counterpart (a container's own `paySales`, `machineType`) stays in the inbox's raw body.
 */
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const optList = <T extends z.ZodType>(item: T) =>
  z.preprocess(blankToUndefined, z.array(item).optional());

/** Absent stays undefined; present but not a time is null (unknown, D62). */
const identityTime = z.preprocess(
  (v) => (blankToUndefined(v) === undefined ? undefined : (r.readTime(v) ?? null)),
  z.number().nullable().optional(),
);

const paySale = z.looseObject({ name: reqStr, sales: r.totalFen, units: r.periodUnits });
type PaySale = { name: string; sales: number; units: number };

/**
 * The older shape's amounts: every `<name>Amount` (fen) and `<name>Count` (units) member of an
 * object, checked with the ranges of V0.9's `sales` and `units`; null or "" is absent.
 */
function checkAmounts(o: Record<string, unknown>, ctx: z.RefinementCtx) {
  for (const [key, kind] of amountKeys(o)) {
    if (blankToUndefined(o[key]) === undefined) continue;
    const parsed = (kind === 'Amount' ? r.totalFen : r.periodUnits).safeParse(o[key]);
    if (!parsed.success)
      ctx.addIssue({ code: 'custom', path: [key], message: parsed.error.issues[0]!.message });
  }
}
const amounts = z.looseObject({}).superRefine(checkAmounts);

/**
 * `paySales`: V0.9's list, or the older shape's object of amounts. Chosen by its type rather
 * than by a union, so that a bad member is named (`paySales.0.sales: …`), not "invalid input".
 */
const paySaleList = z.array(paySale);
const paySales = z.preprocess(
  blankToUndefined,
  z
    .unknown()
    .transform((v, ctx): PaySale[] | Record<string, unknown> | undefined => {
      if (v === undefined) return undefined;
      const parsed = (Array.isArray(v) ? paySaleList : amounts).safeParse(v);
      if (parsed.success) return parsed.data;
      for (const i of parsed.error.issues)
        ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
      return z.NEVER;
    })
    .optional(),
);
const asList = (p: z.output<typeof paySales>): PaySale[] | undefined =>
  p === undefined
    ? undefined
    : Array.isArray(p)
      ? p
      : amountsToPaySales(p as Record<string, unknown>);

export const refillShelfSchema = z.looseObject({
  cid: optStr,
  locationId: optStr,
  goodsId: optStr,
  goodsName: optStr,
  goodsNumber: optStr,
  price: r.unitFen,
  stock: r.shelfUnits,
  refillCount: r.refillUnits,
  paySales: optList(paySale),
});

/** An older shelf: snake-case names, its amounts flat on it (or, leniently, in `paySales`). */
const olderShelf = z
  .looseObject({
    location_id: optStr,
    locationId: optStr,
    goods_id: optStr,
    goodsId: optStr,
    goods_name: optStr,
    goodsName: optStr,
    goodsNumber: optStr,
    price: r.unitFen,
    stock: r.shelfUnits,
    refillCount: r.refillUnits,
    paySales,
  })
  .superRefine(checkAmounts);

const olderContainer = z.looseObject({
  cid: optStr,
  machineType: optInt,
  paySales,
  shelvesPaySales: optList(olderShelf),
});

type Shelf = z.output<typeof refillShelfSchema>;

function shelvesOf(containers: z.output<typeof olderContainer>[]): Shelf[] {
  return containers.flatMap((c) =>
    (c.shelvesPaySales ?? []).map((s) => ({
      cid: c.cid,
      locationId: s.locationId ?? s.location_id,
      goodsId: s.goodsId ?? s.goods_id,
      goodsName: s.goodsName ?? s.goods_name,
      goodsNumber: s.goodsNumber,
      price: s.price,
      stock: s.stock,
      refillCount: s.refillCount,
      paySales: asList(s.paySales) ?? amountsToPaySales(s),
    })),
  );
}

/** §8.1 content without the envelope, in either shape: also the shape of a §8.2 message. */
const contentShape = {
  assetId: reqStr,
  siteName: optStr,
  siteNumber: optStr,
  lineName: optStr,
  lastRefillTime: r.optTime,
  lastTime: r.optTime,
  /** The settlement's identity with assetId; unknown (null) when it cannot be a time. */
  refillTime: identityTime,
  createTime: identityTime,
  shelfPaySales: optList(refillShelfSchema),
  cidPaySales: optList(olderContainer),
  paySales,
};

function toV09<T extends z.output<z.ZodObject<typeof contentShape>>>(m: T, ctx: z.RefinementCtx) {
  const refillTime = m.refillTime !== undefined ? m.refillTime : m.createTime;
  if (refillTime === undefined) {
    ctx.addIssue({ code: 'custom', path: ['refillTime'], message: 'expected a time' });
    return z.NEVER;
  }
  // Unknown members are kept as they came (as every push's are); the older names are read.
  const { lastTime: _l, createTime: _c, cidPaySales: _s, ...rest } = m as Record<string, unknown>;
  return {
    ...rest,
    assetId: m.assetId,
    siteName: m.siteName,
    siteNumber: m.siteNumber,
    lineName: m.lineName,
    lastRefillTime: m.lastRefillTime ?? m.lastTime,
    refillTime,
    shelfPaySales: m.shelfPaySales ?? (m.cidPaySales ? shelvesOf(m.cidPaySales) : undefined),
    paySales: asList(m.paySales),
  };
}

export const refillContentSchema = z.looseObject(contentShape).transform(toV09);

export const refillSchema = z
  .looseObject({ ...contentShape, clientId: reqStr, nonce_str: reqStr, sign: reqStr })
  .transform(toV09);

export type RefillContent = z.output<typeof refillContentSchema>;
