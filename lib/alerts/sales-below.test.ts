import { describe, expect, it } from 'vitest';
import {
  ALPHA,
  DEFAULT_WINDOW_HOURS,
  MIN_EXPECTED,
  poissonCdf,
  salesBelowExpected,
  windowHours,
} from './sales-below';

describe('poissonCdf', () => {
  it('matches hand-computed values', () => {
    expect(poissonCdf(0, 10)).toBeCloseTo(Math.exp(-10), 12);
    // e^-4 (1 + 4 + 8) = 13 e^-4
    expect(poissonCdf(2, 4)).toBeCloseTo(13 * Math.exp(-4), 12);
    expect(poissonCdf(-1, 3)).toBe(0);
    expect(poissonCdf(5, 0)).toBe(1);
  });

  it('does not underflow for a busy machine', () => {
    // λ = 1,000: e^-1000 is 0 in doubles, but P(X ≤ 250) is a tiny positive number.
    const p = poissonCdf(250, 1000);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-100);
  });
});

describe('salesBelowExpected', () => {
  it('alerts a machine that sold nothing where 12 units were expected', () => {
    const j = salesBelowExpected(12, 0);
    expect(j.below).toBe(true);
    expect(j.p).toBeCloseTo(Math.exp(-12), 10);
  });

  it('alerts a busy machine selling a tenth of its demand', () => {
    expect(salesBelowExpected(60, 6).below).toBe(true);
  });

  it('leaves ordinary noise alone: 7 sold where 12 were expected', () => {
    expect(salesBelowExpected(12, 7).below).toBe(false);
  });

  it('never judges a quiet machine (at night, or nearly empty), even with no sale', () => {
    expect(salesBelowExpected(MIN_EXPECTED - 0.1, 0).below).toBe(false);
    expect(salesBelowExpected(3, 0)).toEqual({ below: false, p: 1 });
    expect(salesBelowExpected(0, 0).below).toBe(false);
  });

  it('needs both: very unlikely and far below (a quarter or less)', () => {
    // 400 expected, 120 sold: astronomically unlikely under Poisson, but more than a quarter
    // (a forecast off by a few times is the likelier story, not a broken reader).
    expect(poissonCdf(120, 400)).toBeLessThan(ALPHA);
    expect(salesBelowExpected(400, 120).below).toBe(false);
    expect(salesBelowExpected(400, 99).below).toBe(true);
  });

  it('at the edge of the minimum: zero sales alert only once e^-λ is under α', () => {
    // e^-10 = 4.5e-5 < 1e-4; at 10 expected one sale is P = 11 e^-10 = 5e-4: not alerted.
    expect(salesBelowExpected(10, 0).below).toBe(true);
    expect(salesBelowExpected(10, 1).below).toBe(false);
  });
});

describe('windowHours', () => {
  it('reads the setting, defaulting and bounding it', () => {
    expect(windowHours(undefined)).toBe(DEFAULT_WINDOW_HOURS);
    expect(windowHours(0)).toBe(DEFAULT_WINDOW_HOURS);
    expect(windowHours(3)).toBe(3);
    expect(windowHours(500)).toBe(48);
  });
});
