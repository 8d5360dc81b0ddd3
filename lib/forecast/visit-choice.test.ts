import { describe, expect, it } from 'vitest';
import { chooseVisits, expectedShort } from './visit-choice';

const need = (assetId: string, shortBeforeNext: number, savedUnits: number) => ({
  assetId,
  shortBeforeNext,
  savedUnits,
});
const o = { stops: 3, mustShort: 1, spareSaved: 1 };

describe('chooseVisits', () => {
  it('visits first the machines that would miss sales before the next visit, most units saved first', () => {
    const chosen = chooseVisits(
      [
        need('spare-big', 0.2, 30),
        need('must-small', 1.5, 3),
        need('must-big', 4, 12),
        need('must-mid', 2, 6),
      ],
      o,
    );
    expect(chosen).toEqual([
      { assetId: 'must-big', must: true },
      { assetId: 'must-mid', must: true },
      { assetId: 'must-small', must: true },
    ]);
  });

  it('gives spare stops to the machines a visit saves most, never to one it would save nothing', () => {
    const chosen = chooseVisits(
      [need('nothing', 0, 0.4), need('some', 0.1, 2), need('more', 0.5, 8), need('must', 1, 1)],
      o,
    );
    expect(chosen).toEqual([
      { assetId: 'must', must: true },
      { assetId: 'more', must: false },
      { assetId: 'some', must: false },
    ]);
    expect(chooseVisits([need('a', 0, 0.5)], o)).toEqual([]);
    expect(chooseVisits([need('a', 5, 5), need('b', 5, 5)], { ...o, stops: 0 })).toEqual([]);
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
