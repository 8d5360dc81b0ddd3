import { format, isValid, parse } from 'date-fns';
import { enUS } from 'date-fns/locale/en-US';

/** Numbers in year-month-day order, as a Chinese or ISO reader types them. */
const NUMERIC = ['yyyy-M-d', 'yyyy/M/d', 'yyyy.M.d', 'yyyy年M月d日'];
/** What the English 'date' format shows ("Dec 3, 2026") and its close variants. */
const ENGLISH = ['MMM d, yyyy', 'MMM d yyyy', 'MMMM d, yyyy', 'MMMM d yyyy', 'd MMM yyyy'];

/**
 * A date the user typed into a date field, as 'yyyy-MM-dd', or null when it cannot be read.
 * Only year-first numbers are accepted: 03/12/2026 means different days to different readers.
 */
export function readTypedDate(text: string, locale: string): string | null {
  const s = text.trim().replace(/\s+/g, ' ');
  if (!/\d{4}/.test(s)) return null;
  for (const pattern of locale === 'en' ? [...NUMERIC, ...ENGLISH] : NUMERIC) {
    const d = parse(s, pattern, new Date(2000, 0, 1), { locale: enUS });
    if (isValid(d) && d.getFullYear() >= 1900 && d.getFullYear() <= 9999) {
      return format(d, 'yyyy-MM-dd');
    }
  }
  return null;
}

/** The parts of a 'yyyy-MM-dd' value, or null when it is not one. */
export function dateParts(value: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}
