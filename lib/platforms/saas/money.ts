/**
 * SAAS prices are decimals in the machine's currency (002 §3, §4, §11: `"price": 3.00`,
 * `"preAuthorLimit": "50"`). We keep integer minor units. A JSON number has already become a
 * double by the time we see it; its shortest round-trip text is the literal that was sent (for
 * anything a price can be), so the conversion goes through that text, never through arithmetic.
 */
export function minorDigits(currency: string | null | undefined): number {
  try {
    return (
      new Intl.NumberFormat('en', {
        style: 'currency',
        currency: currency || 'CNY',
      }).resolvedOptions().maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/** "3.00", 3, "1.5" → minor units; undefined when it is not a decimal or has too many places. */
export function decimalToMinor(value: unknown, currency?: string | null): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const m = /^\s*(-)?(\d+)(?:\.(\d*))?\s*$/.exec(text);
  if (!m) return undefined;
  const digits = minorDigits(currency);
  const [, sign, whole, rawFrac = ''] = m;
  const frac = rawFrac.replace(/0+$/, '');
  if (frac.length > digits) return undefined;
  const minor = Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return undefined;
  return sign ? -minor : minor;
}

/**
 * A product line's amount: pieces × unit price, or for goods sold by weight (MeterType 2)
 * grams at a price per kilogram, half up to the minor unit (docs/decisions.md D15, D40).
 */
export function lineAmount(meterType: number, count: number, priceMinor: number): number {
  if (meterType === 2) return Math.floor((count * priceMinor + 500) / 1000);
  return count * priceMinor;
}

/** Minor units as decimal text ("3.00"), for the wire and for display without floats. */
export function minorToDecimal(minor: number, currency?: string | null): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const unit = 10 ** digits;
  return `${sign}${Math.trunc(abs / unit)}.${String(abs % unit).padStart(digits, '0')}`;
}

/** Minor units as money in a language's format, exactly (the amount goes to Intl as text). */
export function formatMinor(minor: number, locale: string, currency: string | null | undefined) {
  const c = currency || 'CNY';
  try {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency: c });
    return format.format(minorToDecimal(minor, c) as unknown as number);
  } catch {
    return `${minorToDecimal(minor, c)} ${c}`;
  }
}
