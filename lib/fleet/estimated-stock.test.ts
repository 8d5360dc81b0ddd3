import { describe, expect, it } from 'vitest';
import { estimatedStock, stockLevel } from './estimated-stock';

describe('estimatedStock', () => {
  it('is the refill’s stock less the units sold since', () => {
    expect(estimatedStock({ soldOut: false, refillStock: 20, soldSinceRefill: 0 })).toBe(20);
    expect(estimatedStock({ soldOut: false, refillStock: 20, soldSinceRefill: 7 })).toBe(13);
  });
  it('is 0 when the shelf reports sold out, whatever the arithmetic says', () => {
    expect(estimatedStock({ soldOut: true, refillStock: 20, soldSinceRefill: 3 })).toBe(0);
    expect(estimatedStock({ soldOut: true, refillStock: null, soldSinceRefill: 0 })).toBe(0);
  });
  it('is unknown (null) when no refill is known', () => {
    expect(estimatedStock({ soldOut: false, refillStock: null, soldSinceRefill: 0 })).toBeNull();
    expect(estimatedStock({ soldOut: false, refillStock: null, soldSinceRefill: 5 })).toBeNull();
  });
  it('is floored at 0 when more was sold than the refill reported', () => {
    expect(estimatedStock({ soldOut: false, refillStock: 3, soldSinceRefill: 5 })).toBe(0);
    expect(estimatedStock({ soldOut: false, refillStock: 0, soldSinceRefill: 0 })).toBe(0);
  });
});

describe('stockLevel', () => {
  it('colours by the machine’s sold-out flag, the threshold, or unknown', () => {
    expect(stockLevel({ soldOut: true, estimated: 0, valve: 3 })).toBe('sold_out');
    expect(stockLevel({ soldOut: false, estimated: 0, valve: 3 })).toBe('low');
    expect(stockLevel({ soldOut: false, estimated: 3, valve: 3 })).toBe('low');
    expect(stockLevel({ soldOut: false, estimated: 4, valve: 3 })).toBe('ok');
    expect(stockLevel({ soldOut: false, estimated: 0, valve: null })).toBe('low');
    expect(stockLevel({ soldOut: false, estimated: 1, valve: null })).toBe('ok');
    expect(stockLevel({ soldOut: false, estimated: null, valve: 3 })).toBe('unknown');
  });
});
