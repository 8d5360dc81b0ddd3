import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, addWeeks, addYears, format, parse, subDays } from 'date-fns';
import { startOfDay, startOfMonth, startOfWeek, startOfYear } from 'date-fns';
import { GRANULARITIES, MAX_RANGE_SECONDS, type Granularity } from './filters';

/** The statistics page's range presets, in the order the page offers them. */
export const PRESETS = [
  'today',
  'yesterday',
  'last7',
  'last30',
  'thisWeek',
  'lastWeek',
  'thisMonth',
  'lastMonth',
  'thisYear',
  'lastYear',
] as const;
export type Preset = (typeof PRESETS)[number];

/**
 * The page's state as its URL holds it: a preset or custom local dates, the filters, the
 * timeline's unit. Server and browser read the same URL into the same query.
 */
export interface SalesSearch {
  range: Preset | 'custom';
  from?: string;
  to?: string;
  area?: string;
  line?: string;
  site?: string;
  machine?: string;
  goods?: string;
  pay?: number;
  per?: Granularity;
  all?: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const DEFAULT_PRESET: Preset = 'last30';

export function parseSalesSearch(p: Record<string, string | string[] | undefined>): SalesSearch {
  const one = (k: string) => {
    const v = p[k];
    const s = Array.isArray(v) ? v[0] : v;
    return s?.trim() ? s.trim() : undefined;
  };
  const range = one('range');
  const from = one('from');
  const to = one('to');
  const custom = range === 'custom' && from && to && DATE.test(from) && DATE.test(to) && from <= to;
  const pay = Number(one('pay'));
  const per = one('per');
  return {
    range: custom
      ? 'custom'
      : (PRESETS as readonly string[]).includes(range ?? '')
        ? (range as Preset)
        : DEFAULT_PRESET,
    ...(custom && { from, to }),
    area: one('area'),
    line: one('line'),
    site: one('site'),
    // Other pages link with `assetId` (issue 18's shared links); the page's own name is `machine`.
    machine: one('machine') ?? one('assetId'),
    goods: one('goods'),
    pay: Number.isInteger(pay) && pay > 0 ? pay : undefined,
    per: (GRANULARITIES as readonly string[]).includes(per ?? '')
      ? (per as Granularity)
      : undefined,
    all: one('all') === '1',
  };
}

export function salesSearchParams(s: SalesSearch): URLSearchParams {
  const out = new URLSearchParams();
  if (s.range !== DEFAULT_PRESET) out.set('range', s.range);
  if (s.range === 'custom') {
    out.set('from', s.from!);
    out.set('to', s.to!);
  }
  for (const k of ['area', 'line', 'site', 'machine', 'goods', 'per'] as const)
    if (s[k]) out.set(k, s[k]);
  if (s.pay) out.set('pay', String(s.pay));
  if (s.all) out.set('all', '1');
  return out;
}

const sec = (d: Date) => Math.floor(d.getTime() / 1000);

/** Whole local days from `first` to `last` (inclusive) as §5.1's inclusive epoch seconds. */
function days(first: Date, lastDay: Date) {
  return { startTime: sec(first), endTime: sec(addDays(lastDay, 1)) - 1 };
}

/** A preset or custom dates as epoch seconds, in the fleet's time zone. */
export function resolveRange(s: SalesSearch, now: number, tz: string) {
  const today = startOfDay(new TZDate(now * 1000, tz));
  const week = startOfWeek(today, { weekStartsOn: 1 });
  const month = startOfMonth(today);
  const year = startOfYear(today);
  switch (s.range) {
    case 'custom': {
      const d = (text: string) => startOfDay(parse(text, 'yyyy-MM-dd', new TZDate(now * 1000, tz)));
      return days(d(s.from!), d(s.to!));
    }
    case 'today':
      return days(today, today);
    case 'yesterday':
      return days(subDays(today, 1), subDays(today, 1));
    case 'last7':
      return days(subDays(today, 6), today);
    case 'last30':
      return days(subDays(today, 29), today);
    case 'thisWeek':
      return days(week, today);
    case 'lastWeek':
      return days(addWeeks(week, -1), subDays(week, 1));
    case 'thisMonth':
      return days(month, today);
    case 'lastMonth':
      return days(addMonths(month, -1), subDays(month, 1));
    case 'thisYear':
      return days(year, today);
    case 'lastYear':
      return days(addYears(year, -1), subDays(year, 1));
  }
}

/** A local date (yyyy-MM-dd) for epoch seconds, for the custom range's inputs. */
export const localDate = (t: number, tz: string) => format(new TZDate(t * 1000, tz), 'yyyy-MM-dd');

/** The API query for a page state (as text: the query key and the URL are the same object). */
export function reportParams(s: SalesSearch, now: number, tz: string) {
  const { startTime, endTime } = resolveRange(s, now, tz);
  return {
    startTime: String(startTime),
    endTime: String(endTime),
    ...(s.area && { areaName: s.area }),
    ...(s.line && { lineName: s.line }),
    ...(s.site && { siteName: s.site }),
    ...(s.machine && { assetIds: s.machine }),
    ...(s.goods && { goodsIds: s.goods }),
    ...(s.pay && { payStyles: String(s.pay) }),
    ...(s.per && endTime - startTime < MAX_RANGE_SECONDS[s.per] && { granularity: s.per }),
    ...(s.all && { machineLimit: '10000' }),
  };
}
export type ReportParams = Awaited<ReturnType<typeof reportParams>>;
