import { describe, expect, it } from 'vitest';
import { score } from './score';

const H = 3600;

describe('the held-out score', () => {
  it('averages absolute errors in hours over the same rows for both methods', () => {
    const s = score(
      [
        {
          now: 0,
          truth: 10 * H,
          forecast: { at: 12 * H, early: 8 * H, late: 20 * H },
          naive: 4 * H,
        },
        {
          now: 0,
          truth: 10 * H,
          forecast: { at: 9 * H, early: 2 * H, late: 9.5 * H },
          naive: 20 * H,
        },
      ],
      100 * H,
    );
    expect(s).toEqual({
      predictions: 2,
      forecastMae: 1.5,
      naiveMae: 8,
      ratio: 1.5 / 8,
      inBand: 0.5,
      forecastNone: 0,
      naiveNone: 0,
    });
  });

  it('counts "no sell-out foreseen" at the horizon, for either method', () => {
    const s = score([{ now: H, truth: 11 * H, forecast: null, naive: null }], 50 * H);
    expect(s.forecastMae).toBe(40);
    expect(s.naiveMae).toBe(40);
    expect(s.inBand).toBe(0);
    expect([s.forecastNone, s.naiveNone]).toEqual([1, 1]);
  });
});
