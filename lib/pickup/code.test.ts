import { describe, expect, it } from 'vitest';
import { CODE_PATTERN, generateCode, isGuessable } from './code';

describe('generateCode', () => {
  it('gives seven digits, never starting with 0', () => {
    for (let i = 0; i < 2000; i++) expect(generateCode()).toMatch(CODE_PATTERN);
  });

  it('is spread evenly: 20,000 codes are nearly all distinct and every digit is as common', () => {
    const codes = Array.from({ length: 20_000 }, () => generateCode());
    // about 22 repeats are expected among 20,000 draws from 9,000,000
    expect(new Set(codes).size).toBeGreaterThan(19_900);
    for (let pos = 1; pos < 7; pos++) {
      const counts = new Array<number>(10).fill(0);
      for (const c of codes) counts[Number(c[pos])]!++;
      // 2,000 expected each; ±300 is more than 7 standard deviations
      for (const n of counts) expect(Math.abs(n - 2000)).toBeLessThan(300);
    }
  });

  it('consecutive codes are not a sequence', () => {
    const codes = Array.from({ length: 1000 }, () => Number(generateCode()));
    const steps = new Set(codes.slice(1).map((c, i) => c - codes[i]!));
    expect(steps.size).toBeGreaterThan(990);
  });

  it('draws again when a draw is a guessable pattern', () => {
    const draws = [1_111_111, 1_234_567, 7_654_321, 4_383_743];
    const code = generateCode(() => draws.shift()!);
    expect(code).toBe('4383743');
    expect(draws).toEqual([]);
  });
});

describe('isGuessable', () => {
  it.each(['1111111', '9999999', '1234567', '3456789', '7654321', '9876543'])('%s', (c) =>
    expect(isGuessable(c)).toBe(true),
  );
  it.each(['1234568', '4383743', '1212121', '1000000'])('not %s', (c) =>
    expect(isGuessable(c)).toBe(false),
  );
});
