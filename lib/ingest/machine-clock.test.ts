import { describe, expect, it } from 'vitest';
import { believe, believeRecent, CLOCK_AHEAD_S, clockReading, RECENT_S } from './machine-clock';

const R = 1_763_856_000;

describe('believe (D71)', () => {
  it('believes a time up to CLOCK_AHEAD_S after its receipt, and any time before it', () => {
    expect(believe(R + CLOCK_AHEAD_S, R)).toEqual({ time: R + CLOCK_AHEAD_S, stated: null });
    expect(believe(R - 86_400 * 400, R)).toEqual({ time: R - 86_400 * 400, stated: null });
  });
  it('counts a time further ahead at the receipt, keeping what was stated', () => {
    expect(believe(R + CLOCK_AHEAD_S + 1, R)).toEqual({ time: R, stated: R + CLOCK_AHEAD_S + 1 });
    expect(believe(R + 7200, R)).toEqual({ time: R, stated: R + 7200 });
  });
  it('gives a time stated again the time it was given before', () => {
    const first = believe(R + 7200, R)!;
    expect(believe(R + 7200, R + 600, first)).toEqual(first);
    // Still the same after the stated time has passed: a trade never moves between periods.
    expect(believe(R + 7200, R + 9000, first)).toEqual(first);
    const right = believe(R - 10, R)!;
    expect(believe(R - 10, R + 50_000, right)).toEqual(right);
  });
  it('judges a time stated differently afresh, and nothing stated is nothing', () => {
    const first = believe(R + 7200, R)!;
    expect(believe(R + 7300, R + 60, first)).toEqual({ time: R + 60, stated: R + 7300 });
    expect(believe(R + 30, R + 60, first)).toEqual({ time: R + 30, stated: null });
    expect(believe(undefined, R, first)).toBeUndefined();
    expect(believe(null, R)).toBeUndefined();
  });
});

describe('believeRecent', () => {
  it('believes a recent time that is not ahead', () => {
    expect(believeRecent(R - 3600, R)).toEqual({ time: R - 3600, stated: null });
  });
  it('counts at the receipt a time ahead, older than RECENT_S, or before what we knew', () => {
    expect(believeRecent(R + 3600, R)).toEqual({ time: R, stated: R + 3600 });
    expect(believeRecent(R - RECENT_S - 1, R)).toEqual({ time: R, stated: R - RECENT_S - 1 });
    expect(believeRecent(R - 3600, R, R - 600)).toEqual({ time: R, stated: R - 3600 });
    expect(believeRecent(R - 300, R, R - 600)).toEqual({ time: R - 300, stated: null });
  });
});

describe('clockReading', () => {
  it('is ahead past CLOCK_AHEAD_S, right within it either way, and nothing for older times', () => {
    expect(clockReading(R + 7200, R)).toEqual({ ahead: 7200 });
    expect(clockReading(R + CLOCK_AHEAD_S, R)).toBe('right');
    expect(clockReading(R - CLOCK_AHEAD_S, R)).toBe('right');
    expect(clockReading(R - CLOCK_AHEAD_S - 1, R)).toBeNull();
    expect(clockReading(undefined, R)).toBeNull();
  });
});
