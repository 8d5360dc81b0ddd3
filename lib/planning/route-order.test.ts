import { describe, expect, it } from 'vitest';
import { distanceKm, pathLengthKm, visitingOrder } from './route-order';

const p = (longitude: number, latitude: number) => ({ longitude, latitude });

describe('distanceKm', () => {
  it('is the great-circle distance', () => {
    // One degree of latitude is about 111.2 km anywhere.
    expect(distanceKm(p(116.4, 39.9), p(116.4, 40.9))).toBeCloseTo(111.2, 0);
    // Beijing (国贸) to Shanghai (人民广场) is about 1,070 km.
    expect(distanceKm(p(116.461, 39.909), p(121.475, 31.233))).toBeGreaterThan(1040);
    expect(distanceKm(p(116.461, 39.909), p(121.475, 31.233))).toBeLessThan(1100);
    expect(distanceKm(p(1, 2), p(1, 2))).toBe(0);
  });
});

describe('visitingOrder', () => {
  it('keeps zero, one and two sites as given', () => {
    expect(visitingOrder([])).toEqual([]);
    expect(visitingOrder([p(0, 0)])).toEqual([0]);
    expect(visitingOrder([p(1, 0), p(0, 0)])).toEqual([0, 1]);
  });

  it('walks sites strung along a line end to end, whatever order they come in', () => {
    const along = [0, 4, 1, 3, 2].map((k) => p(116.3 + k * 0.02, 39.9 + k * 0.01));
    const order = visitingOrder(along);
    expect(order.map((i) => along[i]!.longitude)).toEqual(
      [0, 1, 2, 3, 4].map((k) => 116.3 + k * 0.02),
    );
  });

  it('finds a shorter path than the order given, visiting every site once', () => {
    const sites = [p(0, 0), p(0.1, 0.1), p(0, 0.1), p(0.1, 0), p(0.05, 0.2), p(0.2, 0.05)];
    const order = visitingOrder(sites);
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(pathLengthKm(sites, order)).toBeLessThan(pathLengthKm(sites, [0, 1, 2, 3, 4, 5]));
  });

  it('starts at the end that comes first in the input, so the answer is stable', () => {
    const sites = [p(0.3, 0), p(0.1, 0), p(0, 0), p(0.2, 0)];
    expect(visitingOrder(sites)).toEqual([0, 3, 1, 2]);
    expect(visitingOrder(sites)).toEqual(visitingOrder(sites));
  });
});
