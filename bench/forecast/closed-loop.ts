import { rankFigures } from '@/lib/planning/refill-priority';
import { expectedUnits } from '@/lib/forecast/predict';
import {
  chooseVisits,
  MUST_SHORT,
  revisitDays,
  SPARE_SAVED,
  visitNeed,
} from '@/lib/forecast/visit-choice';
import { FleetEngine } from '@/simulator/engine';
import type { Fleet, SimShelf } from '@/simulator/model';
import { DAY, FLEET_UTC_OFFSET, HOUR } from '@/simulator/time';
import { fitFleet, type FleetDemand } from './fit-fleet';
import { FleetView, type MachineView } from './fleet-view';
import { MORNING_HOUR } from './held-out';

export type Policy = 'priority' | 'forecast';

export interface LoopOptions {
  fleet: Fleet;
  start: number;
  /** Days of the lines' schedule before the simulation (its history is the first fit's). */
  warmDays: number;
  days: number;
  /** Machines one van (one per line) visits a day, at most. */
  stops: number;
  /** The forecast's load: what it predicts sells in this many days (capped by capacity). */
  parDays: number;
  /** The forecast fitted on the warm-up (the held-out month's fit: the same history). */
  demand: FleetDemand;
  /** Days of history each nightly refit reads. */
  fitDays: number;
}

export interface LoopResult {
  policy: Policy;
  soldOutShelfHours: number;
  lostUnits: number;
  /** The lost units by the kind of container the shelf is in. */
  lostByKind: { drinks: number; spiral: number; locker: number };
  unitsCarried: number;
  stops: number;
  /** Stops planned because a shelf was predicted empty before the next possible visit. */
  mustStops: number;
  seconds: number;
}

/** Minutes between a van's stops; the first is at its line's refill hour. */
export const STOP_MINUTES = 20;

/**
 * The twin's fleet after `warmDays` of its schedule, for `days` more with one van per line
 * planned each morning at 06:00 by `policy`: 'priority' ranks the line's machines by today's
 * refill priority (D32) as the app would see them and fills the top `stops` to capacity;
 * 'forecast' visits the machines `chooseVisits` names and loads each shelf to what the forecast
 * says it sells in `parDays`, refitting every night. Both engines draw the same customers.
 */
export function closedLoop(policy: Policy, o: LoopOptions): LoopResult {
  const t0 = performance.now();
  const from = o.start + o.warmDays * DAY;
  const end = from + o.days * DAY;
  const engine = new FleetEngine(o.fleet, o.start, {
    visits: 'external',
    externalFrom: from,
    statusFrom: Infinity,
  });
  engine.advanceTo(o.start);
  const view = new FleetView(o.fleet, engine, o.start);
  for (let t = o.start + DAY; t <= from; t += DAY) view.apply(engine.advanceTo(t));
  view.countFrom = from;
  const lostBefore = engine.lostUnits();
  const kindBefore = lostByContainer(o.fleet, engine);
  const lines = o.fleet.lines.map((line) => ({
    line,
    machines: view.machines.filter((mv) => mv.m.lineName === line.name),
  }));
  let demand = o.demand;
  let mustStops = 0;
  for (let day = from; day < end; day += DAY) {
    const now = day + MORNING_HOUR * HOUR;
    view.apply(engine.advanceTo(now));
    if (policy === 'forecast' && day > from)
      demand = fitFleet(view, now - o.fitDays * DAY, now, demand.fleetShape);
    for (const { line, machines } of lines) {
      const first = day + line.refillHour * HOUR;
      const plan =
        policy === 'priority'
          ? byPriority(view, engine, machines, now, o.stops)
          : byForecast(demand, machines, now, first, o);
      mustStops += plan.filter((p) => p.must).length;
      // The van's round follows the line's own order (the twin's visiting order).
      const chosen = new Set(plan.map((p) => p.assetId));
      machines
        .filter((mv) => chosen.has(mv.m.assetId))
        .forEach((mv, k) => {
          const at = first + k * STOP_MINUTES * 60;
          engine.bookVisit(mv.m.assetId, at, target(policy, demand, mv, at, o.parDays));
        });
    }
    view.apply(engine.advanceTo(day + DAY));
  }
  view.finish(end);
  const lostByKind = lostByContainer(o.fleet, engine);
  for (const k of Object.keys(lostByKind) as (keyof typeof lostByKind)[])
    lostByKind[k] -= kindBefore[k];
  return {
    lostByKind,
    policy,
    soldOutShelfHours: view.emptySeconds / HOUR,
    lostUnits: engine.lostUnits() - lostBefore,
    unitsCarried: view.unitsCarried,
    stops: view.stops,
    mustStops,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Today's rule: the line's top `stops` by refill priority, every one of them. */
function byPriority(
  view: FleetView,
  engine: FleetEngine,
  machines: MachineView[],
  now: number,
  stops: number,
) {
  const figures = machines.map((mv) =>
    view.figures(mv, now, engine.machineState(mv.m.assetId)!.online === 0),
  );
  return rankFigures(figures, now)
    .slice(0, stops)
    .map((r) => ({ assetId: r.machine.assetId, must: false }));
}

/** The forecast's choice: what each machine's shelves are predicted to miss without a visit. */
function byForecast(
  demand: FleetDemand,
  machines: MachineView[],
  now: number,
  visitAt: number,
  o: LoopOptions,
) {
  const nextVisit = visitAt + DAY;
  // A visit's worth is counted until the van is likely back: the line's machines ÷ its stops.
  const horizonDays = revisitDays(machines.length, o.stops);
  const until = visitAt + horizonDays * DAY;
  const needs = machines.map((mv) => {
    const m = demand.machines.get(mv.m.assetId)!;
    const shelves = mv.shelves.map((s) => ({
      stock: s.stock,
      capacity: s.shelf.capacity,
      unitsPerDay: m.shelves.get(s.key)!.unitsPerDay,
    }));
    return visitNeed(mv.m.assetId, shelves, {
      shape: m.demand.shape,
      offset: FLEET_UTC_OFFSET,
      now,
      visitAt,
      nextVisitAt: nextVisit,
      until,
      parDays: o.parDays,
    });
  });
  return chooseVisits(needs, {
    stops: o.stops,
    mustShort: MUST_SHORT,
    spareSaved: SPARE_SAVED,
  });
}

function target(
  policy: Policy,
  demand: FleetDemand,
  mv: MachineView,
  at: number,
  parDays: number,
): (shelf: SimShelf, stock: number) => number {
  if (policy === 'priority') return (shelf) => shelf.capacity;
  const m = demand.machines.get(mv.m.assetId)!;
  return (shelf) => {
    const d = m.shelves.get(`${shelf.cid}|${shelf.locationId}`)!;
    const units = expectedUnits({
      unitsPerDay: d.unitsPerDay,
      shape: m.demand.shape,
      offset: FLEET_UTC_OFFSET,
      from: at,
      to: at + parDays * DAY,
    });
    return Math.ceil(units);
  };
}

function lostByContainer(fleet: Fleet, engine: FleetEngine) {
  const lost = { drinks: 0, spiral: 0, locker: 0 };
  for (const m of fleet.machines) {
    const kind = new Map(m.containers.map((c) => [c.cid, c.type] as const));
    for (const x of engine.lostByShelf(m.assetId))
      lost[(['drinks', 'spiral', 'locker'] as const)[kind.get(x.shelf.cid)! - 1]!] += x.units;
  }
  return lost;
}
