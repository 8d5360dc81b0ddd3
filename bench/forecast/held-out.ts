import { HORIZON_DAYS, naiveSoldOut, predictSoldOut } from '@/lib/forecast/predict';
import { FleetEngine } from '@/simulator/engine';
import type { Fleet } from '@/simulator/model';
import { DAY, FLEET_UTC_OFFSET, HOUR } from '@/simulator/time';
import { fitFleet, type FleetDemand } from './fit-fleet';
import { FleetView, type MachineView, type ShelfView } from './fleet-view';
import { score, type Score, type Scored } from './score';

/** Predictions are made after every refill visit and at this local hour every day. */
export const MORNING_HOUR = 6;

export interface HeldOut {
  all: Score;
  atRefill: Score;
  atMorning: Score;
  /** The fit on the first `fitDays`: a simulation starting there can use it. */
  demand: FleetDemand;
  seconds: { simulate: number; fit: number };
}

/**
 * Fit on the first `fitDays` of the twin's history (its lines' schedule), then over the rest,
 * predict each stocked shelf's sold-out time after each refill visit and at 06:00 local every
 * day, from its true stock, with the forecast and with the naive baseline (stock ÷ the shelf's
 * units in the fitting window ÷ fitDays). A prediction is scored against the shelf's next
 * sell-out; if a refill (or the end) comes first it is left out, for both methods.
 */
export function heldOutMonth(o: {
  fleet: Fleet;
  start: number;
  fitDays: number;
  days: number;
}): HeldOut {
  const t0 = performance.now();
  const fitTo = o.start + o.fitDays * DAY;
  const end = o.start + o.days * DAY;
  const engine = new FleetEngine(o.fleet, o.start, { statusFrom: Infinity });
  engine.advanceTo(o.start);
  const view = new FleetView(o.fleet, engine, o.start);
  for (let t = o.start + DAY; t <= fitTo; t += DAY) view.apply(engine.advanceTo(t));
  const t1 = performance.now();
  const demand = fitFleet(view, o.start, fitTo);
  const avgDaily = new Map(
    view.machines.map((mv) => [mv.m.assetId, view.unitsBy(mv, o.start, fitTo)] as const),
  );
  const t2 = performance.now();

  type Pending = Omit<Scored, 'truth'> & { kind: 'refill' | 'morning' };
  const pending = new Map<ShelfView, Pending[]>();
  const done: (Scored & { kind: Pending['kind'] })[] = [];
  const predict = (mv: MachineView, s: ShelfView, now: number, kind: Pending['kind']) => {
    if (s.stock <= 0) return;
    const m = demand.machines.get(mv.m.assetId)!;
    const d = m.shelves.get(s.key)!;
    const forecast = predictSoldOut({
      stock: s.stock,
      unitsPerDay: d.unitsPerDay,
      shape: m.demand.shape,
      offset: FLEET_UTC_OFFSET,
      now,
      units: d.units,
    });
    const daily = (avgDaily.get(mv.m.assetId)!.get(s.key) ?? 0) / o.fitDays;
    const naive = naiveSoldOut({ stock: s.stock, avgDaily: daily, now });
    const list = pending.get(s) ?? [];
    list.push({ now, forecast, naive, kind });
    pending.set(s, list);
  };
  const listener = {
    soldOut(_: MachineView, s: ShelfView, t: number) {
      for (const p of pending.get(s) ?? []) done.push({ ...p, truth: t });
      pending.delete(s);
    },
    refilled(mv: MachineView, t: number) {
      for (const s of mv.shelves) {
        pending.delete(s);
        predict(mv, s, t, 'refill');
      }
    },
  };
  for (let day = fitTo; day < end; day += DAY) {
    const morning = day + MORNING_HOUR * HOUR;
    view.apply(engine.advanceTo(morning), listener);
    for (const mv of view.machines) for (const s of mv.shelves) predict(mv, s, morning, 'morning');
    view.apply(engine.advanceTo(Math.min(end, day + DAY)), listener);
  }
  const horizon = HORIZON_DAYS * DAY;
  const t3 = performance.now();
  return {
    all: score(done, horizon),
    atRefill: score(
      done.filter((r) => r.kind === 'refill'),
      horizon,
    ),
    atMorning: score(
      done.filter((r) => r.kind === 'morning'),
      horizon,
    ),
    demand,
    seconds: {
      simulate: (t1 - t0 + (t3 - t2)) / 1000,
      fit: (t2 - t1) / 1000,
    },
  };
}
