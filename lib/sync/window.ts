import { TZDate } from '@date-fns/tz';
import { addDays, format, startOfDay } from 'date-fns';

/** Yesterday in the fleet's zone, as an inclusive window of epoch seconds, and its date. */
export function yesterday(nowSec: number, timeZone: string) {
  const today = startOfDay(new TZDate(nowSec * 1000, timeZone));
  const start = addDays(today, -1);
  return {
    since: Math.floor(start.getTime() / 1000),
    until: Math.floor(today.getTime() / 1000) - 1,
    day: format(start, 'yyyy-MM-dd'),
  };
}

/** The local date a window covers when it is exactly one local day, else undefined. */
export function localDayOf(since: number, until: number, timeZone: string) {
  const start = new TZDate(since * 1000, timeZone);
  if (startOfDay(start).getTime() !== since * 1000) return undefined;
  const next = addDays(start, 1);
  return next.getTime() / 1000 - 1 === until ? format(start, 'yyyy-MM-dd') : undefined;
}

/**
 * A time given on the command line or in a form: epoch seconds, or a local date
 * (YYYY-MM-DD, the start of that day in the fleet's zone; `end` gives its last second).
 */
export function parseTime(text: string, timeZone: string, end = false): number {
  if (/^\d{9,11}$/.test(text)) return Number(text);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new RangeError(`not a date (YYYY-MM-DD) or epoch seconds: ${text}`);
  const day = new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), timeZone);
  if (Number.isNaN(day.getTime()) || format(day, 'yyyy-MM-dd') !== text)
    throw new RangeError(`not a date: ${text}`);
  const t = Math.floor((end ? addDays(day, 1).getTime() - 1000 : day.getTime()) / 1000);
  return t;
}
