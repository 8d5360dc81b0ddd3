/**
 * SAAS prices are decimals in the machine's currency (`"price": 3.00`). JSON.stringify would
 * print 3, so a Decimal serialises to a marker that toJson turns back into the literal text:
 * the twin sends `3.00` exactly as the spec shows it.
 */

const MARK = '\u0000saas-decimal:';
const MARKED = /"\\u0000saas-decimal:(-?\d+(?:\.\d+)?)"/g;

/**
 * A JSON number written with exactly these digits, however long: the SAAS platform sends its
 * 16-digit (and longer) ids as numbers (docs/decisions.md D73), which JSON.stringify cannot.
 */
export class RawNumber {
  constructor(readonly text: string) {}

  toJSON(): string {
    return MARK + this.text;
  }
}

/** Digits after the point for every currency the twin uses (CNY, USD). */
export const MINOR_DIGITS = 2;

export class Decimal {
  constructor(readonly minor: number) {}

  get text(): string {
    return minorToText(this.minor);
  }

  toJSON(): string {
    return MARK + this.text;
  }
}

export const dec = (minor: number) => new Decimal(minor);

export function toJson(value: unknown): string {
  return JSON.stringify(value).replace(MARKED, '$1');
}

export function minorToText(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const unit = 10 ** MINOR_DIGITS;
  return `${sign}${Math.trunc(abs / unit)}.${String(abs % unit).padStart(MINOR_DIGITS, '0')}`;
}

/** Exact: "1.5", "1.50" and 1.5 are all 150; more than two decimals is refused, not rounded. */
export function parseAmount(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const m = /^\s*(-)?(\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!m) return undefined;
  const [, sign, whole, rawFrac = ''] = m;
  const frac = rawFrac.replace(/0+$/, '');
  if (frac.length > MINOR_DIGITS) return undefined;
  const minor = Number(whole) * 10 ** MINOR_DIGITS + Number(frac.padEnd(MINOR_DIGITS, '0'));
  if (!Number.isSafeInteger(minor)) return undefined;
  return sign ? -minor : minor;
}

/** Amount of a MeterType 2 line: grams at a per-kilogram price, half-up to the minor unit. */
export function weightAmount(grams: number, pricePerKgMinor: number): number {
  return Math.floor((grams * pricePerKgMinor + 500) / 1000);
}
