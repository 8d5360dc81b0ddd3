import { describe, expect, it } from 'vitest';
import { soldOutIn } from './sold-out-in';

const NOW = 1_800_000_000;
const at = (seconds: number) => soldOutIn({ at: NOW + seconds, now: NOW });

describe('soldOutIn', () => {
  it('says nothing when the time is unknown, and "now" when the shelf is empty', () => {
    expect(soldOutIn({ at: null, now: NOW })).toBeNull();
    expect(soldOutIn({ at: null, soldOut: true, now: NOW })).toEqual({ unit: 'now' });
    expect(soldOutIn({ at: NOW + 9 * 3600, soldOut: true, now: NOW })).toEqual({ unit: 'now' });
    expect(at(0)).toEqual({ unit: 'now' });
    expect(at(-600)).toEqual({ unit: 'now' });
  });

  it('minutes under an hour, to five minutes, never "in 0 min"', () => {
    expect(at(60)).toEqual({ unit: 'minutes', n: 5 });
    expect(at(22 * 60)).toEqual({ unit: 'minutes', n: 20 });
    expect(at(23 * 60)).toEqual({ unit: 'minutes', n: 25 });
    expect(at(58 * 60)).toEqual({ unit: 'hours', n: 1 });
  });

  it('hours under two days, then days', () => {
    expect(at(9 * 3600 + 20 * 60)).toEqual({ unit: 'hours', n: 9 });
    expect(at(9 * 3600 + 40 * 60)).toEqual({ unit: 'hours', n: 10 });
    expect(at(47 * 3600 + 40 * 60)).toEqual({ unit: 'days', n: 2 });
    expect(at(2 * 86_400)).toEqual({ unit: 'days', n: 2 });
    expect(at(3.6 * 86_400)).toEqual({ unit: 'days', n: 4 });
  });
});
