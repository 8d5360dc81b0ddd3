import { z } from 'zod';
import { structureProblem } from '@/lib/ingest/push/body';
import { readTime } from '@/lib/ingest/push/ranges';
import { parseSaasJson } from './json';

/**
 * The SAAS platform writes member names in camelCase and PascalCase (and one table spells
 * "Refund Order No" with spaces): every key is read with its spaces dropped and its first
 * letter lowered, so one schema reads them all.
 */
export function normaliseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const key = k.replace(/\s+/g, '');
      return [key.charAt(0).toLowerCase() + key.slice(1), normaliseKeys(v)];
    }),
  );
}

const boolish = z.union([z.boolean(), z.string(), z.number()]).transform((v) => {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return /^(true|1)$/i.test(v.trim());
});
const text = z.union([z.string(), z.number()]).transform(String);
const int = z.coerce.number().int();
/** A decimal as sent (number or text); converted to minor units by lib/platforms/saas/money.ts. */
export const decimal = z.union([z.number(), z.string()]);

/** The common envelope (§ "Common Return Value Description"). */
export const envelope = z.object({
  statusCode: int.optional(),
  /** Login has been answered `{"Code":200,"Data":{…}}` (D73). */
  code: int.optional(),
  succeeded: boolish.optional(),
  errors: z.unknown().optional(),
  data: z.unknown().optional(),
});

/**
 * Login's data in the three shapes seen: `{Token, ExpiresIn}` (in `data` or `Data`) and
 * `{token, expiresIn}`, which the key normaliser reads alike.
 */
export const loginData = z.object({
  token: z.string().min(1),
  expiresIn: int.positive().nullish(),
});

export const machineInfo = z.object({
  machineId: text,
  machineName: text.nullish(),
  signal: int.nullish(),
  temperature: text.nullish(),
  runningState: int.nullish(),
});
export type MachineInfo = z.infer<typeof machineInfo>;

export const commodity = z.object({
  commodityId: text,
  commodityName: z.string().nullish(),
  commoditySKU: text.nullish(),
  weight: z.coerce.number().nullish(),
  price: decimal,
  doorNo: int.default(0),
  pictureUrl: z.string().nullish(),
});
export type Commodity = z.infer<typeof commodity>;

export const payConfig = z.object({
  machineId: text.nullish(),
  preAuthorLimit: decimal.nullish(),
  currency: z.string().nullish(),
  qrCodeUrl: z.string().nullish(),
});
export type PayConfig = z.infer<typeof payConfig>;

/** §5's immediate answer (Action PreOpenDoor). */
export const openDoorResult = z.object({
  orderId: text.nullish(),
  transeType: int.nullish(),
  action: z.string().nullish(),
  status: boolish.default(true),
  msg: z.string().nullish(),
  data: z.unknown().optional(),
});

/** §7's and §10's own answers (the platform may also wrap them in the envelope). */
export const confirmResult = z.object({
  trackingId: text.nullish(),
  transId: text.nullish(),
  success: boolish,
  message: z.string().nullish(),
});
export const reportResult = z.object({
  orderId: text.nullish(),
  status: boolish,
  message: z.string().nullish(),
});

/** A product line of §11.4–§11.7 (and the restock lines the twin adds to §11.4). */
export const productLine = z.object({
  id: text.nullish(),
  alisName: z.string().nullish(),
  buyCount: int.default(0),
  meterType: int.default(1),
  price: decimal.nullish(),
  pictureUrl: z.string().nullish(),
  layerNo: int.nullish(),
  spotCount: int.nullish(),
  stockCount: int.nullish(),
  sno: int.nullish(),
});
export type ProductLine = z.infer<typeof productLine>;

/** What a callback's `Data` turned out to be (docs/decisions.md D73). */
export type CallbackData =
  | { kind: 'none' }
  /** Door events: a message, or nothing at all. */
  | { kind: 'text'; text: string }
  | { kind: 'object'; value: Record<string, unknown> }
  /** JSON text that does not parse, is nested too deep or wide (D62), or not an object. */
  | { kind: 'unreadable' };

/**
 * Data is a string for door events, an object for order events, or that object as JSON text
 * (the tables type it `string`); any of them may be missing.
 */
export function readData(raw: unknown): CallbackData {
  let value = raw;
  if (value === undefined || value === null) return { kind: 'none' };
  if (typeof value === 'string') {
    const t = value.trim();
    if (!t) return { kind: 'none' };
    if (t[0] !== '{' && t[0] !== '[') return { kind: 'text', text: value };
    if (structureProblem(t)) return { kind: 'unreadable' };
    try {
      value = normaliseKeys(parseSaasJson(t));
    } catch {
      return { kind: 'unreadable' };
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value)
    ? { kind: 'object', value: value as Record<string, unknown> }
    : { kind: 'unreadable' };
}

/**
 * A §11 callback: every member but Action may be missing (the order is the one in the
 * NotifyUrl; Status defaults to true, as the door events always succeed). `timestamp`, which
 * the tables do not list but the platform sends, is seconds or milliseconds by magnitude.
 */
export const callback = z.object({
  orderId: text.nullish(),
  orderNo: text.nullish(),
  transeType: int.nullish(),
  action: z.string().trim().min(1),
  status: boolish.nullish().transform((v) => v ?? true),
  msg: text.nullish(),
  customerDetails: text.nullish(),
  timestamp: z
    .unknown()
    .optional()
    .transform((v) => readTime(v) ?? null),
  data: z.unknown().optional().transform(readData),
});
export type Callback = z.infer<typeof callback>;

export const detection = z.object({
  tradeProcessMode: int.default(0),
  tradeProductModels: z.array(productLine).nullish(),
  transId: text.nullish(),
  trackingId: text.nullish(),
  doorNo: int.nullish(),
});
export const adjustmentData = z.object({
  orderNo: text.nullish(),
  orderProducts: z.array(productLine).nullish(),
});
export const refundData = z.object({
  refundRemark: z.string().nullish(),
  refundOrderNo: text.nullish(),
  orderRefundProducts: z.array(productLine).nullish(),
});
