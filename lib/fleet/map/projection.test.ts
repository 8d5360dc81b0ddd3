import { describe, expect, it } from 'vitest';
import { fitProjection, gridStep, largestCluster, mercator, scaleBar } from './projection';

describe('mercator', () => {
  it('puts the origin in the middle of the unit square, north up', () => {
    expect(mercator({ longitude: 0, latitude: 0 })).toEqual({ x: 0.5, y: 0.5 });
    expect(mercator({ longitude: 180, latitude: 0 }).x).toBe(1);
    expect(mercator({ longitude: 0, latitude: 40 }).y).toBeLessThan(0.5);
    expect(mercator({ longitude: 0, latitude: 90 }).y).toBeCloseTo(0, 6);
  });
});

describe('fitProjection', () => {
  const sites = [
    { longitude: 116.31, latitude: 39.99 },
    { longitude: 116.46, latitude: 39.9 },
    { longitude: 116.38, latitude: 39.86 },
  ];

  it('fits every point inside the padding, north above south, west left of east', () => {
    const fit = fitProjection(sites, 800, 500, 20);
    for (const s of sites) {
      const { x, y } = fit.project(s);
      expect(x).toBeGreaterThanOrEqual(20 - 1e-6);
      expect(x).toBeLessThanOrEqual(780 + 1e-6);
      expect(y).toBeGreaterThanOrEqual(20 - 1e-6);
      expect(y).toBeLessThanOrEqual(480 + 1e-6);
    }
    expect(fit.project(sites[0]!).y).toBeLessThan(fit.project(sites[2]!).y);
    expect(fit.project(sites[0]!).x).toBeLessThan(fit.project(sites[1]!).x);
  });

  it('keeps the aspect: a kilometre east is as long as a kilometre north', () => {
    const fit = fitProjection(sites, 800, 500, 20);
    const o = fit.project({ longitude: 116.4, latitude: 39.9 });
    const east = fit.project({
      longitude: 116.4 + 1 / (111.32 * Math.cos((39.9 * Math.PI) / 180)),
      latitude: 39.9,
    });
    const north = fit.project({ longitude: 116.4, latitude: 39.9 + 1 / 110.57 });
    expect(Math.abs(east.x - o.x) / Math.abs(north.y - o.y)).toBeCloseTo(1, 1);
    // …and metresPerUnit measures it.
    expect((east.x - o.x) * fit.metresPerUnit).toBeCloseTo(1000, -1);
  });

  it('unprojects what it projects', () => {
    const fit = fitProjection(sites, 800, 500, 20);
    const { x, y } = fit.project(sites[1]!);
    const back = fit.unproject(x, y);
    expect(back.longitude).toBeCloseTo(116.46, 9);
    expect(back.latitude).toBeCloseTo(39.9, 9);
  });

  it('centres a single site in a span of about a kilometre instead of dividing by zero', () => {
    const fit = fitProjection([sites[0]!], 400, 400, 20);
    const { x, y } = fit.project(sites[0]!);
    expect(x).toBeCloseTo(200, 6);
    expect(y).toBeCloseTo(200, 6);
    expect(Number.isFinite(fit.metresPerUnit)).toBe(true);
  });
});

describe('scaleBar and gridStep', () => {
  it('picks round lengths and steps', () => {
    expect(scaleBar(10, 150)).toEqual({ metres: 1000, units: 100 });
    expect(scaleBar(10, 90)).toEqual({ metres: 500, units: 50 });
    expect(gridStep(0.15)).toBeCloseTo(0.05, 10);
    expect(gridStep(5)).toBe(1);
  });
});

describe('largestCluster', () => {
  it('opens on the city with the most sites', () => {
    const beijing = [
      { longitude: 116.31, latitude: 39.99 },
      { longitude: 116.46, latitude: 39.9 },
      { longitude: 116.9, latitude: 40.2 },
    ];
    const shanghai = [
      { longitude: 121.47, latitude: 31.23 },
      { longitude: 121.5, latitude: 31.3 },
    ];
    expect(largestCluster([...shanghai, ...beijing])).toEqual([2, 3, 4]);
    expect(largestCluster([...beijing, ...shanghai])).toEqual([0, 1, 2]);
    expect(largestCluster([])).toEqual([]);
  });
});
