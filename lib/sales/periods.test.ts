import { describe, expect, it } from 'vitest';
import { dayAndMonthOf, nextPeriod, periodStart, periodStarts, type PeriodUnit } from './periods';

const utc = (iso: string) => Date.parse(iso) / 1000;
const halfHours = (from: string, days: number) =>
  Array.from({ length: days * 48 }, (_, i) => utc(from) + i * 1800);

/** Zones and weeks around a DST change at midnight, or none (Shanghai, UTC). */
const AROUND: [string, string][] = [
  // 2024-09-08 began at 01:00 (-03): its midnight was skipped.
  ['America/Santiago', '2024-09-05T00:00:00Z'],
  // 2018-03-25 began at 01:00 (+03).
  ['Asia/Beirut', '2018-03-22T00:00:00Z'],
  // 2018-11-04 had two midnights (00:00 daylight time, then 00:00 standard time again).
  ['America/Havana', '2018-11-01T00:00:00Z'],
  ['America/New_York', '2026-03-06T00:00:00Z'],
  ['Asia/Shanghai', '2026-01-29T00:00:00Z'],
  ['UTC', '2026-02-26T00:00:00Z'],
];

describe('calendar periods in a time zone', () => {
  it('starts the day after a day that began at 01:00 at its own midnight', () => {
    const sunday = periodStart('day', utc('2024-09-08T12:00:00Z'), 'America/Santiago');
    expect(sunday).toBe(utc('2024-09-08T04:00:00Z')); // 01:00 -03
    // Monday 00:00 -03, not 01:00: a trade at 00:30 on Monday is Monday's.
    expect(nextPeriod('day', sunday, 'America/Santiago')).toBe(utc('2024-09-09T03:00:00Z'));
    const calendar = dayAndMonthOf('America/Santiago');
    expect(calendar(utc('2024-09-08T20:00:00Z')).day).toBe(sunday);
    expect(calendar(utc('2024-09-09T03:30:00Z')).day).toBe(utc('2024-09-09T03:00:00Z'));
  });

  it('tiles time: each period runs from its start to the next one’s, in every zone', () => {
    for (const [tz, from] of AROUND) {
      const times = halfHours(from, 6);
      const first = times[0]!;
      const last = times.at(-1)!;
      for (const unit of ['hour', 'day', 'week', 'month'] as PeriodUnit[]) {
        const starts = periodStarts(unit, first, last, tz);
        for (const [i, s] of starts.entries()) {
          const next = nextPeriod(unit, s, tz);
          expect(periodStart(unit, s, tz), `${tz} ${unit} ${s}`).toBe(s);
          expect(periodStart(unit, next - 1, tz), `${tz} ${unit} ${s}`).toBe(s);
          expect(periodStart(unit, next, tz), `${tz} ${unit} ${s}`).toBe(next);
          if (i + 1 < starts.length) expect(starts[i + 1]).toBe(next);
        }
      }
    }
  });

  it('gives the rollups’ day and month as periodStart does, for times in order', () => {
    for (const [tz, from] of AROUND) {
      const calendar = dayAndMonthOf(tz);
      for (const t of halfHours(from, 6))
        expect(calendar(t), `${tz} ${t}`).toEqual({
          day: periodStart('day', t, tz),
          month: periodStart('month', t, tz),
        });
    }
  });
});
