import { describe, expect, it } from 'vitest';
import type { Reading } from '@/lib/fleet/temperature';
import { containerRecord, dayBounds, MAX_HOLD_S } from './food-safety';

const TZ = 'Asia/Shanghai';
const H = 3600;
const M = 60;
// 2026-03-10 00:00 in Shanghai (UTC+8).
const DAY0 = Date.UTC(2026, 2, 9, 16) / 1000;

/** A cooling room held at 2…8 °C; `left` the left room's reading, the right room without one. */
const reading = (at: number, left: number | null): Reading => ({
  at,
  cryTemUL: 8,
  cryTemDL: 2,
  heatTemUL: 60,
  heatTemDL: 50,
  leftRmTem: left,
  rightRmTem: null,
  leftRmRef: 1,
  rightRmRef: 1,
  leftRmHeat: 0,
  rightRmHeat: 0,
});

const record = (rs: Reading[], o: { first?: string; last?: string; tolerance?: number } = {}) =>
  containerRecord(rs, {
    days: dayBounds(o.first ?? '2026-03-10', o.last ?? '2026-03-10', TZ),
    tolerance: o.tolerance ?? 0,
    now: DAY0 + 30 * 86_400,
  });

describe('the food-safety record', () => {
  it('cuts local days at midnight in the fleet time zone', () => {
    const days = dayBounds('2026-03-10', '2026-03-11', TZ);
    expect(days).toEqual([
      { day: '2026-03-10', start: DAY0, end: DAY0 + 86_400 },
      { day: '2026-03-11', start: DAY0 + 86_400, end: DAY0 + 2 * 86_400 },
    ]);
  });

  it('counts each reading until the next one: minutes out, the peak furthest from the band', () => {
    const rs = [
      reading(DAY0 + 8 * H, 5),
      reading(DAY0 + 9 * H, 11), // 3 above
      reading(DAY0 + 9 * H + 20 * M, 0), // 2 below, in the same excursion
      reading(DAY0 + 9 * H + 50 * M, 5),
      reading(DAY0 + 10 * H, 13), // 5 above: the peak
      reading(DAY0 + 10 * H + 10 * M, 6),
    ];
    const [day] = record(rs);
    expect(day).toMatchObject({ day: '2026-03-10', room: 'left', readings: 6, minutesOut: 60 });
    expect(day!.peak).toEqual({ value: 13, at: DAY0 + 10 * H, low: 2, high: 8 });
    // 09:00–09:50 out (above, then below) is one excursion of 50 minutes.
    expect(day!.longest).toMatchObject({ start: DAY0 + 9 * H, minutes: 50, atLeast: false });
  });

  it('a gap longer than a reading holds is no data, and ends an excursion', () => {
    const rs = [
      reading(DAY0 + 8 * H, 12),
      // 8:00 holds until 10:00 (MAX_HOLD_S), then nothing is known until 14:00.
      reading(DAY0 + 14 * H, 12),
      reading(DAY0 + 14 * H + 30 * M, 5),
      reading(DAY0 + 16 * H, 5),
    ];
    expect(MAX_HOLD_S).toBe(2 * H);
    const [day] = record(rs);
    expect(day!.minutesOut).toBe(120 + 30);
    // Midnight to 8:00, 10:00 to 14:00, and after 18:00 (the last reading's hold) to midnight.
    expect(day!.minutesNoData).toBe((8 + 4 + 6) * 60);
    expect(day!.longest).toMatchObject({ start: DAY0 + 8 * H, minutes: 120 });
  });

  it('an excursion across midnight counts on each day its own minutes, whole as the longest', () => {
    const rs = [
      reading(DAY0 + 22 * H, 5),
      reading(DAY0 + 23 * H, 10),
      reading(DAY0 + 24 * H + 30 * M, 10),
      reading(DAY0 + 25 * H + 30 * M, 4),
      reading(DAY0 + 27 * H, 4),
    ];
    const [first, second] = record(rs, { last: '2026-03-11' });
    expect(first).toMatchObject({ day: '2026-03-10', minutesOut: 60 });
    expect(second).toMatchObject({ day: '2026-03-11', minutesOut: 90 });
    const whole = { start: DAY0 + 23 * H, minutes: 150 };
    expect(first!.longest).toMatchObject(whole);
    expect(second!.longest).toMatchObject(whole);
    // The peak is the day's own reading.
    expect(second!.peak).toMatchObject({ value: 10, at: DAY0 + 24 * H + 30 * M });
  });

  it('a reading within the tolerance is not out; a room idle or without a sensor is no data', () => {
    const idle = { ...reading(DAY0 + 13 * H, 20), leftRmRef: 0 };
    const rs = [
      reading(DAY0 + 12 * H, 9), // 1 above, tolerance 1
      idle,
      reading(DAY0 + 14 * H, null),
      reading(DAY0 + 15 * H, 10), // 2 above
      reading(DAY0 + 15 * H + 30 * M, 5),
    ];
    const [day] = record(rs, { tolerance: 1 });
    expect(day).toMatchObject({ minutesOut: 30, readings: 4 });
    expect(day!.peak).toMatchObject({ value: 10 });
    expect(day!.minutesNoData).toBe(24 * 60 - 60 - 30 - 120);
  });

  it('a day without excursions has no peak and no longest; an excursion from before says so', () => {
    const rs = [reading(DAY0 - 2 * H, 9), reading(DAY0 + H, 5)];
    const [day] = record(rs);
    // 22:00 the day before holds until midnight; nothing is known until 01:00, nor after 03:00.
    expect(day).toMatchObject({ minutesOut: 0, minutesNoData: 60 + 21 * 60 });
    expect(day!.longest).toBeNull();
    const late = record([reading(DAY0 - 23 * H, 9), reading(DAY0 - H, 9), reading(DAY0 + H, 9)]);
    expect(late[0]!.longest).toMatchObject({ start: DAY0 - H, minutes: 240, atLeast: false });
    const always = record([reading(DAY0 - H, 9), reading(DAY0 + H, 9)]);
    expect(always[0]!.longest).toMatchObject({ atLeast: true });
  });

  it('today ends now: no data is not counted for hours still to come', () => {
    const rs = [reading(DAY0 + H, 5)];
    const days = containerRecord(rs, {
      days: dayBounds('2026-03-10', '2026-03-12', TZ),
      tolerance: 0,
      now: DAY0 + 2 * H,
    });
    expect(days).toHaveLength(1);
    expect(days[0]).toMatchObject({ minutesNoData: 60, minutesOut: 0 });
  });

  it('days before a room first reported are not part of its record', () => {
    const rows = record([reading(DAY0 + 86_400 + H, 5)], { last: '2026-03-11' });
    expect(rows.map((r) => r.day)).toEqual(['2026-03-11']);
  });
});
