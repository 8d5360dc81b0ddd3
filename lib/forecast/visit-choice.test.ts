import { describe, expect, it } from 'vitest';
import { chooseVisits, expectedShort } from './visit-choice';

const DAY = 86_400;
const now = 1_000_000;
const need = (assetId: string, soldOutAt: number | null, savedUnits = 0) => ({
  assetId,
  soldOutAt,
  savedUnits,
});

describe('chooseVisits', () => {
  const o = { stops: 3, nextVisit: now + DAY, spareBefore: now + 5 * DAY };

  it('visits the machines that would run empty before the next visit, most units saved first', () => {
    const chosen = chooseVisits(
      [
        need('a', now + 2 * DAY),
        need('b', now + 3600, 2),
        need('c', now - 3600, 9),
        need('d', now + 0.5 * DAY, 4),
      ],
      o,
    );
    expect(chosen).toEqual([
      { assetId: 'c', must: true },
      { assetId: 'd', must: true },
      { assetId: 'b', must: true },
    ]);
  });

  it('gives spare stops to the soonest empty, never to one that will not run empty soon', () => {
    const chosen = chooseVisits(
      [
        need('far', now + 6 * DAY),
        need('never', null),
        need('later', now + 4 * DAY),
        need('soon', now + 1.5 * DAY),
        need('must', now + 0.2 * DAY, 1),
      ],
      o,
    );
    expect(chosen).toEqual([
      { assetId: 'must', must: true },
      { assetId: 'soon', must: false },
      { assetId: 'later', must: false },
    ]);
    expect(chooseVisits([need('a', now), need('b', now)], { ...o, stops: 0 })).toEqual([]);
  });
});

describe('expectedShort', () => {
  it('is the Poisson shortfall: nothing without demand, the mean with no stock, small with plenty', () => {
    expect(expectedShort(0, 3)).toBe(0);
    expect(expectedShort(2.5, 0)).toBeCloseTo(2.5, 10);
    // mean 1, stock 1: E[max(0, D − 1)] = 1 − 1 + P(0) = e^-1
    expect(expectedShort(1, 1)).toBeCloseTo(Math.exp(-1), 10);
    expect(expectedShort(2, 20)).toBeLessThan(1e-9);
  });
});
