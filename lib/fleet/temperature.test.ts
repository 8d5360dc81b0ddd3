import { describe, expect, it } from 'vitest';
import { downsample, excursionOf, roomBand, type Reading } from './temperature';

const reading = (
  at: number,
  left: number | null,
  right: number | null = left,
  o: Partial<Reading> = {},
): Reading => ({
  at,
  cryTemUL: 8,
  cryTemDL: 4,
  heatTemUL: 60,
  heatTemDL: 50,
  leftRmTem: left,
  rightRmTem: right,
  leftRmRef: 1,
  rightRmRef: 1,
  leftRmHeat: 0,
  rightRmHeat: 0,
  ...o,
});

describe('roomBand', () => {
  it('is the cooling band when the room cools, the heating band when it heats', () => {
    expect(roomBand(reading(0, 5), 'left')).toEqual({ mode: 'cooling', low: 4, high: 8 });
    const hot = reading(0, 5, 55, { rightRmRef: 0, rightRmHeat: 1 });
    expect(roomBand(hot, 'right')).toEqual({ mode: 'heating', low: 50, high: 60 });
    expect(roomBand(hot, 'left')).toEqual({ mode: 'cooling', low: 4, high: 8 });
  });
  it('takes cooling when no flag is reported, nothing when the room is idle', () => {
    const bare = reading(0, 5, 5, { leftRmRef: null, leftRmHeat: null });
    expect(roomBand(bare, 'left')).toEqual({ mode: 'cooling', low: 4, high: 8 });
    expect(roomBand(reading(0, 5, 5, { leftRmRef: 0 }), 'left')).toBeNull();
  });
  it('has no band without both set points, and orders swapped ones', () => {
    expect(roomBand(reading(0, 5, 5, { cryTemUL: null }), 'left')).toBeNull();
    expect(roomBand(reading(0, 5, 5, { cryTemUL: 2, cryTemDL: 9 }), 'left')).toEqual({
      mode: 'cooling',
      low: 2,
      high: 9,
    });
  });
});

describe('excursionOf', () => {
  it('flags readings outside the band, not on its edges', () => {
    const band = { mode: 'cooling', low: 4, high: 8 } as const;
    expect(excursionOf(4, band)).toBeNull();
    expect(excursionOf(8, band)).toBeNull();
    expect(excursionOf(9, band)).toBe('above');
    expect(excursionOf(3, band)).toBe('below');
    expect(excursionOf(null, band)).toBeNull();
    expect(excursionOf(30, null)).toBeNull();
  });
});

describe('downsample', () => {
  it('returns every reading in range when they fit, counting excursions', () => {
    const rs = [
      reading(90, 5),
      reading(100, 5),
      reading(200, 12, 6),
      reading(300, 2),
      reading(400, 5),
    ];
    const s = downsample(rs, { from: 100, to: 300, maxPoints: 10 });
    expect(s.bucketSeconds).toBeNull();
    expect(s.points.map((p) => p.at)).toEqual([100, 200, 300]);
    expect(s.points[1]!.left).toEqual({ value: 12, min: 12, max: 12, excursion: 'above' });
    expect(s.points[1]!.right!.excursion).toBeNull();
    expect(s.points[2]!.left!.excursion).toBe('below');
    expect(s.points[0]!.leftBand).toEqual({ mode: 'cooling', low: 4, high: 8 });
    expect(s.excursions).toBe(2);
  });

  it('buckets long ranges into at most maxPoints points, keeping min, max and excursions', () => {
    // 30 days of a reading a minute: 43,200 readings, one of them 15°.
    const from = 1_700_000_000;
    const to = from + 30 * 86_400 - 1;
    const rs: Reading[] = [];
    for (let t = from; t <= to; t += 60) rs.push(reading(t, t === from + 86_400 ? 15 : 6, 6));
    const s = downsample(rs, { from, to, maxPoints: 300 });
    expect(s.points.length).toBeLessThanOrEqual(300);
    expect(s.points.length).toBe(300);
    expect(s.bucketSeconds).toBe(8640);
    expect(s.excursions).toBe(1);
    const flagged = s.points.filter((p) => p.left?.excursion);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]!.left).toMatchObject({ min: 6, max: 15, excursion: 'above' });
    expect(flagged[0]!.at).toBe(from + 10 * 8640);
    expect(flagged[0]!.readings).toBe(144);
    expect(flagged[0]!.left!.value).toBeCloseTo(6.1, 5);
  });

  it('leaves empty buckets out and uses the band of a bucket’s last reading', () => {
    const rs = [
      reading(0, 5),
      reading(1, 5),
      reading(2, 5, 5, { cryTemUL: 10 }),
      reading(9, 5),
      reading(10, 5),
    ];
    const s = downsample(rs, { from: 0, to: 10, maxPoints: 4 });
    expect(s.bucketSeconds).toBe(3);
    expect(s.points.map((p) => [p.at, p.readings])).toEqual([
      [0, 3],
      [9, 2],
    ]);
    expect(s.points[0]!.leftBand!.high).toBe(10);
  });

  it('marks a bucket with readings above and below the band as above', () => {
    const rs = [reading(0, 1), reading(1, 20), reading(2, 5), reading(3, 5)];
    const s = downsample(rs, { from: 0, to: 3, maxPoints: 2 });
    expect(s.points[0]!.left).toEqual({ value: 10.5, min: 1, max: 20, excursion: 'above' });
    expect(s.points[1]!.left!.excursion).toBeNull();
  });
});
