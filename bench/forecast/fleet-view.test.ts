import { describe, expect, it } from 'vitest';
import { FleetEngine } from '@/simulator/engine';
import { generateFleet } from '@/simulator/fleet';
import { DAY } from '@/simulator/time';
import { FleetView } from './fleet-view';

const START = 1_756_656_000; // 2025-09-01 00:00 +08:00

describe('the fleet as the app sees it from the twin', () => {
  it('keeps every shelf at the twin’s own stock, empty exactly when the twin’s is, through booked visits', () => {
    const fleet = generateFleet({ seed: 3, machines: 30 });
    const from = START + 5 * DAY;
    const engine = new FleetEngine(fleet, START, {
      visits: 'external',
      externalFrom: from,
      statusFrom: Infinity,
    });
    engine.advanceTo(START);
    const view = new FleetView(fleet, engine, START);
    view.countFrom = from;
    for (let day = START + DAY; day <= START + 12 * DAY; day += DAY) {
      if (day > from)
        for (const m of fleet.machines.slice(0, 10))
          engine.bookVisit(m.assetId, day + 10 * 3600, (shelf, n) => n + 2);
      view.apply(engine.advanceTo(day));
      for (const m of fleet.machines) {
        const truth = engine.salesSinceRefill(m.assetId)!;
        const mv = view.machine(m.assetId);
        expect(mv.lastRefill).toBe(truth.lastRefill);
        for (const { shelf, stock } of truth.shelves) {
          const s = mv.byKey.get(`${shelf.cid}|${shelf.locationId}`)!;
          expect(s.stock).toBe(stock);
          expect(s.emptySince !== null).toBe(stock === 0);
        }
      }
    }
    // Ten machines a day for six days, each shelf given two units where it has room.
    expect(view.stops).toBe(60);
    expect(view.unitsCarried).toBeGreaterThan(60);
  });

  it('fits from the settlement before the window and the trades since it', () => {
    const fleet = generateFleet({ seed: 3, machines: 5 });
    const engine = new FleetEngine(fleet, START, { statusFrom: Infinity });
    engine.advanceTo(START);
    const view = new FleetView(fleet, engine, START);
    for (let day = START + DAY; day <= START + 20 * DAY; day += DAY)
      view.apply(engine.advanceTo(day));
    const mv = view.machines[0]!;
    const h = view.history(mv, START + 10 * DAY, START + 20 * DAY);
    expect(h.refills[0]!.t).toBeLessThan(START + 10 * DAY);
    expect(h.refills.slice(1).every((r) => r.t >= START + 10 * DAY)).toBe(true);
    expect(h.trades.every((x) => x.t > h.refills[0]!.t && x.t < START + 20 * DAY)).toBe(true);
    expect(h.shelves.length).toBe(mv.shelves.length);
  });
});
