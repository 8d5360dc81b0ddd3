import { describe, expect, it } from 'vitest';
import { expectedUnits, gammaQuantile, naiveSoldOut, predictSoldOut } from './predict';
import { WEEK_HOURS, hourOfWeek } from './week';

const flat = new Array<number>(WEEK_HOURS).fill(1);
const H = 3600;
// Monday 2026-11-30 00:00 in Shanghai (UTC+8).
const monday = Date.UTC(2026, 10, 29, 16) / 1000;
const offset = 8 * H;

describe('hour of week', () => {
  it('counts from Monday midnight in the fleet zone', () => {
    expect(hourOfWeek(monday, offset)).toBe(0);
    expect(hourOfWeek(monday + 25 * H + 5, offset)).toBe(25);
    expect(hourOfWeek(monday - 1, offset)).toBe(167);
  });
});

describe('predicted sold-out time', () => {
  it('with flat demand, a shelf of 10 selling 10 a day empties in about a day', () => {
    const p = predictSoldOut({ stock: 10, unitsPerDay: 10, shape: flat, now: monday, offset })!;
    // The median of the 10th sale: expected units ≈ 10 − 1/3.
    expect((p.at - monday) / H).toBeCloseTo((24 * (10 - 1 / 3)) / 10, 0);
    expect(p.early).toBeLessThan(p.at);
    expect(p.late).toBeGreaterThan(p.at);
  });

  it('waits out the hours without demand', () => {
    // Demand only 08:00–20:00 (12 hours a day at weight 2).
    const day = flat.map((_, w) => (w % 24 >= 8 && w % 24 < 20 ? 2 : 0));
    // 05:00 Monday, 6 units a day: 0.5 an hour in open hours; 3 units ≈ 5.3 open hours.
    const p = predictSoldOut({
      stock: 3,
      unitsPerDay: 6,
      shape: day,
      now: monday + 5 * H,
      offset,
    })!;
    const hour = hourOfWeek(p.at, offset);
    expect(hour).toBeGreaterThanOrEqual(13);
    expect(hour).toBeLessThan(14);
  });

  it('spans weeks and stops at the horizon', () => {
    const p = predictSoldOut({ stock: 100, unitsPerDay: 5, shape: flat, now: monday, offset })!;
    expect((p.at - monday) / 86_400).toBeCloseTo(99.67 / 5, 1);
    expect(
      predictSoldOut({ stock: 100, unitsPerDay: 0.1, shape: flat, now: monday, offset }),
    ).toBeNull();
  });

  it('an empty shelf is empty now; no demand is no prediction', () => {
    expect(predictSoldOut({ stock: 0, unitsPerDay: 3, shape: flat, now: monday, offset })?.at).toBe(
      monday,
    );
    expect(
      predictSoldOut({ stock: 4, unitsPerDay: 0, shape: flat, now: monday, offset }),
    ).toBeNull();
  });

  it('the band narrows as the rate rests on more sales', () => {
    const few = predictSoldOut({
      stock: 20,
      unitsPerDay: 4,
      shape: flat,
      now: monday,
      offset,
      units: 5,
    })!;
    const many = predictSoldOut({
      stock: 20,
      unitsPerDay: 4,
      shape: flat,
      now: monday,
      offset,
      units: 500,
    })!;
    expect(many.late - many.early).toBeLessThan(few.late - few.early);
  });
});

describe('expected units and the baseline', () => {
  it('sums the shape over a window, partial hours included', () => {
    expect(
      expectedUnits({ unitsPerDay: 24, shape: flat, offset, from: monday, to: monday + 90 * 60 }),
    ).toBeCloseTo(1.5, 6);
    expect(
      expectedUnits({
        unitsPerDay: 7,
        shape: flat,
        offset,
        from: monday,
        to: monday + 14 * 86_400,
      }),
    ).toBeCloseTo(98, 6);
  });

  it('the naive baseline divides stock by average daily sales', () => {
    expect(naiveSoldOut({ stock: 10, avgDaily: 5, now: 1000 })).toBe(1000 + 2 * 86_400);
    expect(naiveSoldOut({ stock: 10, avgDaily: 0, now: 1000 })).toBeNull();
  });

  it('Gamma quantiles are close to the exact ones', () => {
    expect(gammaQuantile(1, 1.2816)).toBeCloseTo(2.303, 1);
    expect(gammaQuantile(10, -1.2816)).toBeCloseTo(6.221, 1);
  });
});
