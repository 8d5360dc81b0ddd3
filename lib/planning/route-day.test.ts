import { describe, expect, it } from 'vitest';
import { suggestRouteDay, type RouteDayMachine, type RouteDayShelf } from './route-day';

/**
 * The route-day choice on constructed fleets: flat demand (no shape), so a shelf of 10 units
 * selling 24 a day empties in about 10 h. "Now" is a Monday 08:00 UTC; the route day's visit is
 * tomorrow at the same time and the visit after it a day later.
 */
const NOW = Date.UTC(2026, 0, 5, 8) / 1000;
const H = 3600;
const VISIT = NOW + 24 * H;
const NEXT = VISIT + 24 * H;

const shelf = (key: string, stock: number | null, unitsPerDay: number | null): RouteDayShelf => ({
  key,
  stock,
  capacity: 20,
  unitsPerDay,
});
const machine = (assetId: string, ...shelves: RouteDayShelf[]): RouteDayMachine => ({
  assetId,
  shelves,
});
const plan = (machines: RouteDayMachine[], stops: number) =>
  suggestRouteDay({ machines, now: NOW, visitAt: VISIT, nextVisitAt: NEXT, stops, offset: 0 });

describe('suggestRouteDay', () => {
  it('chooses a machine predicted empty before the next visit, and not one that lasts', () => {
    const day = plan(
      [
        machine('LASTS', shelf('1', 20, 2)), // 10 days
        machine('EMPTIES', shelf('1', 20, 2), shelf('2', 30, 24)), // shelf 2: about 30 h
      ],
      1,
    );
    expect(day.mustCount).toBe(1);
    expect(day.stops.map((s) => [s.machine.assetId, s.optional])).toEqual([['EMPTIES', false]]);
    const first = day.stops[0]!.first!;
    expect(first.shelf.key).toBe('2');
    expect(Math.abs(first.at - (NOW + 30 * H))).toBeLessThan(H);
    // Empty from about 30 h to 48 h: some 18 h of 24 a day lost if not visited.
    expect(day.stops[0]!.lostUnits).toBeGreaterThan(15);
    expect(day.stops[0]!.lostUnits).toBeLessThan(21);
    expect(day.uncovered).toEqual([]);
  });

  it('respects the stops, most units saved first, and reports the machines left uncovered', () => {
    const day = plan(
      [
        machine('LATER', shelf('1', 40, 24)), // about 40 h
        machine('NOW', shelf('1', 0, 5)), // already empty
        machine('SOON', shelf('1', 5, 24)), // about 5 h
      ],
      2,
    );
    expect(day.mustCount).toBe(3);
    // SOON sells 24 a day: a visit saves more there than at NOW, empty but selling 5 a day.
    expect(day.stops.map((s) => s.machine.assetId)).toEqual(['SOON', 'NOW']);
    expect(day.stops.map((s) => s.order)).toEqual([1, 2]);
    expect(day.stops[0]!.savedUnits).toBeGreaterThan(day.stops[1]!.savedUnits);
    expect(day.stops[1]!.soldOutAt).toBe(NOW);
    expect(day.uncovered.map((o) => o.machine.assetId)).toEqual(['LATER']);
    expect(Math.abs(day.uncovered[0]!.soldOutAt! - (NOW + 40 * H))).toBeLessThan(H);
  });

  it('breaks a tie in sold-out time by the units that would be lost', () => {
    const day = plan([machine('SLOW', shelf('1', 0, 2)), machine('FAST', shelf('1', 0, 48))], 2);
    expect(day.stops.map((s) => s.machine.assetId)).toEqual(['FAST', 'SLOW']);
  });

  it('gives a spare stop where a visit saves sales before the van is back, marked optional; never a machine without a forecast', () => {
    // Six machines, two stops a day: the van is back in about three days.
    const day = plan(
      [
        machine('MUST', shelf('1', 10, 24)), // empty in about 10 h
        machine('SPARE', shelf('1', 20, 6)), // lasts to the next visit, empty before the van is back
        machine('LASTS', shelf('1', 20, 1)),
        machine('LASTS-2', shelf('1', 20, 1)),
        machine('LASTS-3', shelf('1', 20, 1)),
        machine('UNKNOWN', shelf('1', null, 24), shelf('2', 10, null)),
      ],
      2,
    );
    expect(day.stops.map((s) => [s.machine.assetId, s.optional])).toEqual([
      ['MUST', false],
      ['SPARE', true],
    ]);
    expect(day.stops[1]!.lostUnits).toBe(0);
    expect(day.stops[1]!.savedUnits).toBeGreaterThan(1);
    expect(day.uncovered).toEqual([]);
  });

  it('follows the day’s shape: a shelf selling only in daytime lasts the night', () => {
    // Demand only 08:00–20:00 UTC (offset 0): 12 h a day, 24 a day → 2 an hour in daytime.
    const shape = Array.from({ length: 168 }, (_, h) => (h % 24 >= 8 && h % 24 < 20 ? 2 : 0));
    const m = { assetId: 'DAYTIME', shape, shelves: [shelf('1', 30, 24)] };
    const day = suggestRouteDay({
      machines: [m],
      now: NOW,
      visitAt: VISIT,
      nextVisitAt: NEXT,
      stops: 1,
      offset: 0,
    });
    // 24 sell on Monday's day, 6 more by Tuesday 11:00 (27 h from now), not 30 h flat.
    expect(Math.abs(day.stops[0]!.soldOutAt! - (NOW + 27 * H))).toBeLessThan(H);
  });
});
