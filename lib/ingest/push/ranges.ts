import { z } from 'zod';

/**
 * What the numbers of a push may mean (issue 16, docs/decisions.md D62). A message with a value
 * outside its range is refused with 400 INVALID_FIELD naming the field, and kept in the inbox.
 * Codes (payStyle, payStatus, deliverStatus, refundStatus, container type) have no range here:
 * a code past the V0.9 tables is kept as it came. A time is never a reason to refuse: one that
 * cannot be a time is read as unknown.
 */

/** The most one unit may cost, in fen (1,000,000 yuan). */
export const MAX_UNIT_FEN = 100_000_000;
/** The most units one trade may sell. */
export const MAX_TRADE_COUNT = 1000;
/** The most a trade may be worth, and so the most it may be refunded, in fen. */
export const MAX_TRADE_FEN = MAX_UNIT_FEN * MAX_TRADE_COUNT;
/** The most units a shelf may hold, a settlement report in stock or refill on it. */
export const MAX_SHELF_UNITS = 10_000;
/** The most coins of one kind a machine may report holding. */
export const MAX_COINS = 100_000;
/** The most units a refill settlement may report sold on one line of its sales. */
export const MAX_PERIOD_UNITS = 1_000_000;
/** Times before 2000-01-01 or from 2100-01-01 on are not believed (seconds). */
export const MIN_TIME = 946_684_800;
export const MAX_TIME = 4_102_444_800;

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const digitsToNumber = (v: unknown) =>
  typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v;

/** An integer (or digit text) in [min, max]; the message names the range and its unit. */
export function intIn(min: number, max: number, unit = '') {
  const error = `must be an integer ${min}…${max}${unit && ` ${unit}`}`;
  return z.preprocess(
    digitsToNumber,
    z.number({ error }).int({ error }).min(min, { error }).max(max, { error }),
  );
}
const optional = <T extends z.ZodType>(t: T) => z.preprocess(blankToUndefined, t.optional());

/** Money per unit (a price): fen, 0…10⁸. */
export const unitFen = optional(intIn(0, MAX_UNIT_FEN, 'fen'));
/** Money of a whole trade or of a line of a settlement's sales: fen, 0…10¹¹. */
export const totalFen = intIn(0, MAX_TRADE_FEN, 'fen');
/** Units of one trade: 1…1,000. */
export const tradeCount = optional(intIn(1, MAX_TRADE_COUNT));
export const shelfUnits = optional(intIn(0, MAX_SHELF_UNITS));
/** A refill count is a change of stock: goods taken out are allowed. */
export const refillUnits = optional(intIn(-MAX_SHELF_UNITS, MAX_SHELF_UNITS));
export const periodUnits = intIn(0, MAX_PERIOD_UNITS);
export const coins = optional(intIn(0, MAX_COINS));

/** A flag: its documented values 0 and 1, or −1 (unknown). */
const flagError = 'must be 0, 1 or -1 (unknown)';
export const flag = z.preprocess(
  digitsToNumber,
  z.union([z.literal(0), z.literal(1), z.literal(-1)], { error: flagError }),
);
export const optFlag = optional(flag);

/** A coordinate in degrees: a number or numeric text, the text kept exactly as it came. */
export function coordinate(limit: 90 | 180) {
  const error = `must be a number of degrees -${limit}…${limit}`;
  return z
    .union([z.number(), z.string().regex(/^\s*-?\d+(\.\d+)?\s*$/)], { error })
    .refine((v) => Math.abs(Number(v)) <= limit, { error });
}

/**
 * Epoch seconds from a number or numeric text: milliseconds are read as seconds; anything
 * else that is not a time from MIN_TIME to MAX_TIME (junk text, a negative, 0 for "never")
 * is unknown (undefined). The raw value stays in the inbox body.
 */
export function readTime(v: unknown): number | undefined {
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) return undefined;
  const seconds = n >= MIN_TIME * 1000 && n < MAX_TIME * 1000 ? Math.floor(n / 1000) : n;
  return seconds >= MIN_TIME && seconds < MAX_TIME ? seconds : undefined;
}
export const optTime = z.preprocess(
  (v) => (blankToUndefined(v) === undefined ? undefined : readTime(v)),
  z.number().optional(),
);
/** A time that must be there (a settlement's refillTime): present, but possibly unknown (null). */
export const presentTime = z.preprocess(
  (v) => (blankToUndefined(v) === undefined ? undefined : (readTime(v) ?? null)),
  z.number({ error: 'expected a time' }).nullable(),
);

/** The coldest reading a sensor gives; the vendor's own UI shows anything colder as "unknown". */
export const MIN_TEMPERATURE_C = -30;

/**
 * °C from a temperature as the machines send it (docs/decisions.md D71): an unsigned byte, so a
 * value above 128 is value − 256 (250 is −6 °C). Below MIN_TEMPERATURE_C, or not a byte at all
 * (junk text, a fraction, 1,000), there is no sensor: null, never charted or alerted. A reading
 * is never a reason to refuse the status that carries it.
 */
export function readTemperature(v: unknown): number | null {
  const n = digitsToNumber(v);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < -128 || n > 255) return null;
  const c = n > 128 ? n - 256 : n;
  return c < MIN_TEMPERATURE_C ? null : c;
}
/** A temperature or set point: absent (undefined), no sensor (null) or °C. */
export const optTemperature = z.preprocess(
  (v) => (blankToUndefined(v) === undefined ? undefined : readTemperature(v)),
  z.number().nullable().optional(),
);

/** The most chambers read from one commonField: the vendor's machines have three. */
export const MAX_CHAMBERS = 16;
const CHAMBER = /^wh\d{1,3}$/;

/**
 * More chambers of a container from `temperDetail.commonField` (D71): an object, or its JSON
 * text, or the JSON text of that text, holding `wh1`, `wh2`, `wh3`… as temperatures. Anything
 * else is junk and reads as none (undefined); the rest of the message is kept either way.
 */
export function readChambers(v: unknown): Record<string, number | null> | undefined {
  let value = v;
  for (let i = 0; i < 3 && typeof value === 'string'; i++) {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, number | null> = {};
  let n = 0;
  for (const key in value) {
    if (!CHAMBER.test(key) || !Object.hasOwn(value, key)) continue;
    out[key] = readTemperature((value as Record<string, unknown>)[key]);
    if (++n === MAX_CHAMBERS) break;
  }
  return n ? out : undefined;
}
