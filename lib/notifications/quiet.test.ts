import { describe, expect, it } from 'vitest';
import { quietUntil } from './quiet';

/** 2026-12-03 in Shanghai (UTC+8) at the given local time, as epoch seconds. */
const at = (hm: string, s = 0) =>
  Date.parse(`2026-12-03T${hm}:${String(s).padStart(2, '0')}+08:00`) / 1000;
const q = (from: string, to: string) => ({
  from: Number(from.slice(0, 2)) * 60 + Number(from.slice(3)),
  to: Number(to.slice(0, 2)) * 60 + Number(to.slice(3)),
});
const TZ = 'Asia/Shanghai';

describe('quiet hours', () => {
  it('span midnight: held from 22:00 to 07:00 local, released at 07:00 sharp', () => {
    const night = q('22:00', '07:00');
    expect(quietUntil(night, at('21:59', 59), TZ)).toBeNull();
    expect(quietUntil(night, at('22:00'), TZ)).toBe(at('07:00') + 86400);
    expect(quietUntil(night, at('23:30', 17), TZ)).toBe(at('07:00') + 86400);
    expect(quietUntil(night, at('03:15', 5), TZ)).toBe(at('07:00'));
    expect(quietUntil(night, at('06:59', 59), TZ)).toBe(at('07:00'));
    expect(quietUntil(night, at('07:00'), TZ)).toBeNull();
    expect(quietUntil(night, at('12:00'), TZ)).toBeNull();
  });

  it('within a day, and none at all', () => {
    const lunch = q('12:00', '13:30');
    expect(quietUntil(lunch, at('11:59'), TZ)).toBeNull();
    expect(quietUntil(lunch, at('12:45', 30), TZ)).toBe(at('13:30'));
    expect(quietUntil(lunch, at('13:30'), TZ)).toBeNull();
    expect(quietUntil(null, at('12:45'), TZ)).toBeNull();
  });

  it('in the fleet’s zone, not the server’s', () => {
    // 23:00 in Shanghai is 15:00 UTC: quiet there, whatever the server's own zone.
    expect(quietUntil(q('22:00', '07:00'), Date.parse('2026-12-03T15:00:00Z') / 1000, TZ)).toBe(
      Date.parse('2026-12-03T23:00:00Z') / 1000,
    );
    expect(
      quietUntil(q('22:00', '07:00'), Date.parse('2026-12-03T15:00:00Z') / 1000, 'UTC'),
    ).toBeNull();
  });
});
