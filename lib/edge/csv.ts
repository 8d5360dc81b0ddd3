import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { fenToYuanText } from '@/lib/money';

/** What a spreadsheet reads as the start of a formula (OWASP's list), line feed included. */
const FORMULA_START = /^[=+\-@\t\r\n]/;
/** A plain decimal number, such as a negative variance: left as a number. */
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * One CSV field (RFC 4180): the one CSV writer every export uses (D63). Text a spreadsheet
 * would run as a formula (=, +, -, @, tab, CR or LF first) gets an apostrophe in front; a
 * plain decimal number stays a number.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (FORMULA_START.test(text) && !PLAIN_DECIMAL.test(text)) text = `'${text}`;
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

const BOM = '\uFEFF';

/** A CSV body: all of it, or a function giving the next chunk (null at the end) to stream. */
export type CsvSource = string | (() => string | null | Promise<string | null>);

/**
 * A CSV download response. The BOM lets spreadsheet programs read the UTF-8 names; a streamed
 * body is read a chunk at a time, as the client takes it.
 */
export function csvResponse(source: CsvSource, filename: string) {
  const encoder = new TextEncoder();
  const body =
    typeof source === 'string'
      ? BOM + source
      : new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode(BOM));
          },
          async pull(controller) {
            const chunk = await source();
            if (chunk === null) controller.close();
            else controller.enqueue(encoder.encode(chunk));
          },
        });
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}
