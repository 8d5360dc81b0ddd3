/**
 * Money is integer minor units (fen) everywhere. The platform sends fen as integers or digit
 * strings, except §11 goods prices, which are yuan as decimal text ("1.5"): converted exactly.
 */
export function yuanTextToFen(text: string): number {
  const m = /^\s*(-)?(\d+)(?:\.(\d{0,2})0*)?\s*$/.exec(text);
  if (!m)
    throw new RangeError(`not a yuan amount with at most 2 decimals: ${JSON.stringify(text)}`);
  const [, sign, whole, frac = ''] = m;
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) throw new RangeError(`amount out of range: ${text}`);
  return sign ? -fen : fen;
}

/** Formats fen as yuan text with exactly two decimals, by integer arithmetic. */
export function fenToYuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Fen as money in a language's format (¥1,234.50 / ¥1,234.50 in zh-CN). The amount goes to
 * Intl as decimal text, which it formats exactly: no float ever holds the money.
 */
export function formatFen(fen: number, locale: string, currency = 'CNY'): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return format.format(fenToYuanText(fen) as unknown as number);
}
