import { TZDate } from '@date-fns/tz';
import {
  addDays,
  addHours,
  addMonths,
  addWeeks,
  startOfDay,
  startOfMonth,
  startOfWeek,
} from 'date-fns';

/**
 * Calendar periods in the fleet's time zone, as epoch seconds. The sales rollups keep a UTC
 * hour, a local day and a local month per row (docs/decisions.md D20); timelines add local
 * hours and weeks (Monday first, as in China). Every function is exact across DST changes:
 * the arithmetic is date-fns on a TZDate, never "+ 86400".
 */
export type PeriodUnit = 'hour' | 'day' | 'week' | 'month';

const sec = (d: Date) => Math.floor(d.getTime() / 1000);
const at = (t: number, tz: string) => new TZDate(t * 1000, tz);

/**
 * Calendar arithmetic in a time zone costs tens of microseconds; a report asks for the same
 * boundaries again and again (each week of a year's timeline, each request), so answers are
 * remembered, a bounded number of them.
 */
const memo = new Map<string, number>();
function remembered(key: string, compute: () => number) {
  let v = memo.get(key);
  if (v === undefined) {
    if (memo.size >= 50_000) memo.clear();
    memo.set(key, (v = compute()));
  }
  return v;
}

/** The start of the local period containing t. */
export function periodStart(unit: PeriodUnit, t: number, tz: string): number {
  return remembered(`s${unit}${tz}${t}`, () => computeStart(unit, t, tz));
}

function computeStart(unit: PeriodUnit, t: number, tz: string): number {
  const d = at(t, tz);
  switch (unit) {
    case 'hour':
      // The local minutes and seconds back from t: in an hour the clocks repeat (DST's end),
      // startOfHour would give the first time round's start for a time in the second.
      return t - (d.getMinutes() * 60 + d.getSeconds());
    case 'day':
      return sec(startOfDay(d));
    case 'week':
      return sec(startOfWeek(d, { weekStartsOn: 1 }));
    case 'month':
      return sec(startOfMonth(d));
  }
}

/** The start of the local period after the one starting at `start`. */
export function nextPeriod(unit: PeriodUnit, start: number, tz: string): number {
  return remembered(`n${unit}${tz}${start}`, () => computeNext(unit, start, tz));
}

/**
 * The start of the period holding the same wall-clock time one period on: a day that began at
 * 01:00 (its midnight skipped by DST, as in Santiago) is followed by one that begins at 00:00.
 */
function computeNext(unit: PeriodUnit, start: number, tz: string): number {
  const d = at(start, tz);
  switch (unit) {
    case 'hour':
      return sec(addHours(d, 1));
    case 'day':
      return computeStart(unit, sec(addDays(d, 1)), tz);
    case 'week':
      return computeStart(unit, sec(addWeeks(d, 1)), tz);
    case 'month':
      return computeStart(unit, sec(addMonths(d, 1)), tz);
  }
}

/** The first period boundary at or after t. */
export function ceilPeriod(unit: PeriodUnit, t: number, tz: string): number {
  const start = periodStart(unit, t, tz);
  return start === t ? t : nextPeriod(unit, start, tz);
}

/** The starts of the local periods that overlap [from, to), in order. */
export function periodStarts(unit: PeriodUnit, from: number, to: number, tz: string): number[] {
  const out: number[] = [];
  for (let s = periodStart(unit, from, tz); s < to; s = nextPeriod(unit, s, tz)) out.push(s);
  return out;
}

/** A UTC hour: the rollups' finest level, aligned the same in every time zone. */
export const utcHour = (t: number) => t - (t % 3600);

/**
 * The local day and month containing t, remembered for the last day seen: trades arrive in
 * nearly time order, so the write path computes a time zone's calendar about once a day.
 */
export function dayAndMonthOf(tz: string) {
  let lo = 1;
  let hi = 0;
  let day = 0;
  let month = 0;
  return (t: number) => {
    if (t < lo || t >= hi) {
      day = periodStart('day', t, tz);
      lo = day;
      hi = nextPeriod('day', day, tz);
      month = periodStart('month', day, tz);
    }
    return { day, month };
  };
}
