import { describe, expect, it } from 'vitest';
import { localDayOf, parseTime, yesterday } from './window';

const TZ = 'Asia/Shanghai';

describe('sync windows in the fleet time zone', () => {
  it('yesterday is the previous local day, inclusive', () => {
    // 2025-11-23 00:30 +08:00 is still 2025-11-22 in UTC.
    const y = yesterday(1_763_829_000, TZ);
    expect(y.day).toBe('2025-11-22');
    expect(y.since).toBe(1_763_740_800); // 2025-11-22 00:00 +08:00
    expect(y.until).toBe(1_763_827_199);
    expect(localDayOf(y.since, y.until, TZ)).toBe('2025-11-22');
    expect(localDayOf(y.since, y.until + 1, TZ)).toBeUndefined();
  });

  it('parses local dates and epoch seconds, and refuses the rest', () => {
    expect(parseTime('2025-11-22', TZ)).toBe(1_763_740_800);
    expect(parseTime('2025-11-22', TZ, true)).toBe(1_763_827_199);
    expect(parseTime('1763740800', TZ)).toBe(1_763_740_800);
    expect(() => parseTime('2025-02-30', TZ)).toThrow(RangeError);
    expect(() => parseTime('yesterday', TZ)).toThrow(RangeError);
  });
});
