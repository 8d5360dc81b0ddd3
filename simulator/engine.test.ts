import { describe, expect, it } from 'vitest';
import { FleetEngine, type TwinEvent } from './engine';
import { generateFleet } from './fleet';
import { DAY } from './time';

const START = 1_763_870_400; // 2025-11-23 12:00 +08:00
const fleet = generateFleet({ seed: 4, machines: 24 });
const refills = (events: TwinEvent[]) =>
  events.flatMap((e) => (e.kind === 'refill' ? [e.refill] : []));
const shelfKey = (x: { cid: string; locationId: string }) => `${x.cid}|${x.locationId}`;

describe('demand is per shelf', () => {
  it('an empty shelf sells nothing until a visit, and its customers are lost units', () => {
    // No visits at all for 12 days: shelves empty and stay empty.
    const engine = new FleetEngine(fleet, START, { visits: 'external' });
    engine.advanceTo(START);
    const emptySince = new Map<string, number>();
    for (const m of engine.snapshot())
      for (const s of m.shelvesState ?? [])
        if (s.state === 1) emptySince.set(`${m.assetId}|${s.cid}|${s.shelvesId}`, START);
    const events = engine.advanceTo(START + 12 * DAY);
    expect(refills(events)).toEqual([]);
    for (const e of events) {
      if (e.kind === 'status')
        for (const s of e.status.shelvesState ?? [])
          if (s.state === 1) emptySince.set(`${e.status.assetId}|${s.cid}|${s.shelvesId}`, e.t);
      if (e.kind === 'trade' && e.trade.deliverStatus === 0) {
        const since = emptySince.get(`${e.trade.assetId}|${shelfKey(e.trade)}`);
        expect(since === undefined || e.t < since).toBe(true);
      }
    }
    expect(emptySince.size).toBeGreaterThan(20);
    const lost = engine.lostUnits();
    expect(lost).toBeGreaterThan(50);
    const perShelf = fleet.machines.flatMap((m) => engine.lostByShelf(m.assetId));
    expect(perShelf.reduce((n, x) => n + x.units, 0)).toBe(lost);
    // Only shelves that ran empty lose units.
    for (const m of fleet.machines)
      for (const { shelf } of engine.lostByShelf(m.assetId))
        expect(emptySince.has(`${m.assetId}|${shelfKey(shelf)}`)).toBe(true);
  });

  it('the same customers come whoever plans the visits: booked visits at the schedule’s times are the schedule', () => {
    const from = START + 2 * DAY;
    const scheduled = new FleetEngine(fleet, START).advanceTo(START + 10 * DAY);
    const external = new FleetEngine(fleet, START, { visits: 'external', externalFrom: from });
    for (const r of refills(scheduled).filter((r) => r.refillTime >= from))
      external.bookVisit(r.assetId, r.refillTime, (shelf) => shelf.capacity);
    const booked = external.advanceTo(START + 10 * DAY);
    expect(refills(scheduled).filter((r) => r.refillTime >= from).length).toBeGreaterThan(10);
    expect(JSON.stringify(booked)).toBe(JSON.stringify(scheduled));
  });
});

describe('externally planned visits', () => {
  const from = START + DAY;
  const assetId = fleet.machines[0]!.assetId;

  it('no schedule runs after externalFrom; a booked visit loads to its target, capped and never removing stock', () => {
    const engine = new FleetEngine(fleet, START, { visits: 'external', externalFrom: from });
    const before = engine.advanceTo(from + 3 * DAY);
    expect(refills(before).every((r) => r.refillTime < from)).toBe(true);
    const stock = new Map(
      engine.salesSinceRefill(assetId)!.shelves.map((x) => [x.shelf, x.stock] as const),
    );
    const at = from + 3 * DAY + 3600 + 120;
    engine.bookVisit(assetId, at, (shelf, n) => (shelf.locationId === '1' ? 1000 : n + 1 - 3));
    const [visit, ...others] = refills(engine.advanceTo(at + 3600));
    expect(others).toEqual([]);
    expect(visit!.assetId).toBe(assetId);
    expect(visit!.refillTime).toBe(at);
    for (const x of visit!.shelves) {
      const had = stock.get(x.shelf)!;
      const after = x.shelf.locationId === '1' ? x.shelf.capacity : had;
      expect({ shelf: shelfKey(x.shelf), stock: x.stock, refillCount: x.refillCount }).toEqual({
        shelf: shelfKey(x.shelf),
        stock: after,
        refillCount: after - had,
      });
    }
  });

  it('refuses a visit in an hour already simulated, before the external visits, or on a schedule', () => {
    const engine = new FleetEngine(fleet, START, { visits: 'external', externalFrom: from });
    engine.advanceTo(from + DAY);
    expect(() => engine.bookVisit(assetId, from + 10, (s) => s.capacity)).toThrow(/already/);
    expect(() => engine.bookVisit('nope', from + 2 * DAY, (s) => s.capacity)).toThrow(/nope/);
    expect(() =>
      new FleetEngine(fleet, START).bookVisit(assetId, START + DAY, (s) => s.capacity),
    ).toThrow(/schedule/);
    expect(() =>
      new FleetEngine(fleet, START, { visits: 'external', externalFrom: from }).bookVisit(
        assetId,
        from - 60,
        (s) => s.capacity,
      ),
    ).toThrow(/before/);
  });
});
