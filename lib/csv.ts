import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { fenToYuanText } from '@/lib/money';

/**
 * One CSV field (RFC 4180). Text a spreadsheet would run as a formula (=, +, -, @, tab, CR
 * first) gets an apostrophe in front, as in the pickup-code export; a plain decimal number
 * such as a negative variance stays a number.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text))
    text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line, CRLF-terminated. */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values.map((v) => csvField(v ?? null)).join(',') + '\r\n';
}

/** Fen as yuan with two decimals, exactly, and no grouping: a spreadsheet reads it as a number. */
export const csvYuan = (fen: number) => fenToYuanText(fen);

/** Epoch seconds as local date and time in the fleet's time zone. */
export function csvTime(
  t: number | null | undefined,
  timeZone: string,
  pattern = 'yyyy-MM-dd HH:mm',
) {
  return t == null ? '' : format(new TZDate(t * 1000, timeZone), pattern);
}

/** A CSV download response. The BOM lets spreadsheet programs read the UTF-8 names. */
export function csvResponse(body: string, filename: string) {
  return new Response('\uFEFF' + body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}
