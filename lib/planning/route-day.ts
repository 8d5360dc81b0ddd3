import { expectedUnits, predictSoldOut } from '@/lib/forecast/predict';
import {
  chooseVisits,
  MUST_SHORT,
  revisitDays,
  SPARE_SAVED,
  visitNeed,
} from '@/lib/forecast/visit-choice';
import { WEEK_HOURS } from '@/lib/forecast/week';

/**
 * The route-day choice (docs/decisions.md D95): which machines a van must visit on a day so
 * that none is predicted empty before the visit after it, most urgent first, within the stops a
 * van can make. Pure, over the forecast's figures: the route-day API and the closed-loop
 * simulation (bench:forecast) call the same function.
 */
export interface RouteDayShelf {
  /** The caller's key for the shelf (the app uses `${cid}|${locationId}`). */
  key: string;
  /** Estimated stock now; null when unknown (no refill known): no prediction for the shelf. */
  stock: number | null;
  capacity: number | null;
  /** The forecast's units a day; null when the shelf has no forecast. */
  unitsPerDay: number | null;
}

/** The shelf type of a machine type. */
export type ShelfOf<M extends RouteDayMachine> = M['shelves'][number];

export interface RouteDayMachine<S extends RouteDayShelf = RouteDayShelf> {
  assetId: string;
  /** The machine's hour-of-week profile (168 values, mean 1); null or absent: flat. */
  shape?: readonly number[] | null;
  shelves: readonly S[];
}

export interface RouteDayInput<M extends RouteDayMachine> {
  machines: readonly M[];
  /** When the stock figures hold (epoch seconds). */
  now: number;
  /** The visit on the route day. */
  visitAt: number;
  /** The visit after it: a machine left out today is next seen then. */
  nextVisitAt: number;
  /** How many machines the van can visit (1…). */
  stops: number;
  /** The fleet's seconds east of UTC (the shape's hours are local). */
  offset: number;
  /** Days of par a visit is counted as loading (default ROUTE_PAR_DAYS). */
  parDays?: number;
}

export interface ShelfOutlook<S extends RouteDayShelf = RouteDayShelf> {
  shelf: S;
  /** Predicted sold-out time (epoch seconds), `now` for a shelf already empty. */
  at: number;
  /** Demand predicted while it is empty, until the next visit (units, rounded to 0.1). */
  lostUnits: number;
}

export interface MachineOutlook<M extends RouteDayMachine> {
  machine: M;
  /** Earliest predicted sold-out among its shelves within the horizon; null: none. */
  soldOutAt: number | null;
  /** The shelf that empties first, with its figures; null when none does. */
  first: ShelfOutlook<ShelfOf<M>> | null;
  /** Shelves predicted empty before the next visit, earliest first. */
  emptyBeforeNext: ShelfOutlook<ShelfOf<M>>[];
  /** Σ demand predicted lost before the next visit if it is not visited today. */
  lostUnits: number;
  /** Whether it must be visited today: its shelves are predicted to miss sales before the next visit. */
  must: boolean;
  /** Units a visit today (loading to par) saves until the van is likely back; 0 until chosen. */
  savedUnits: number;
}

export interface RouteDayStop<M extends RouteDayMachine> extends MachineOutlook<M> {
  /** 1-based, most urgent first. */
  order: number;
  /** A spare stop: nothing of it is predicted empty before the next visit. */
  optional: boolean;
}

export interface RouteDay<M extends RouteDayMachine> {
  stops: RouteDayStop<M>[];
  /** Machines that must be visited but do not fit the stops, most urgent first. */
  uncovered: MachineOutlook<M>[];
  /** How many machines must be visited (covered or not). */
  mustCount: number;
}

const DAY = 86_400;
/** No profile known: demand spread evenly over the week. */
const FLAT: readonly number[] = Array.from({ length: WEEK_HOURS }, () => 1);
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Looks past the next visit by this many days for spare stops: a machine predicted empty the
 * day after is the best use of a spare stop.
 */
export const SPARE_HORIZON_DAYS = 7;

/** A machine's predicted sold-outs and lost demand up to `nextVisitAt`. */
export function machineOutlook<M extends RouteDayMachine>(
  m: M,
  o: Pick<RouteDayInput<M>, 'now' | 'nextVisitAt' | 'offset'>,
): MachineOutlook<M> {
  const shape = m.shape ?? FLAT;
  const horizonDays = Math.max(1, (o.nextVisitAt - o.now) / DAY + SPARE_HORIZON_DAYS);
  const all: ShelfOutlook<ShelfOf<M>>[] = [];
  for (const shelf of m.shelves) {
    if (shelf.stock === null || shelf.unitsPerDay === null) continue;
    const at =
      shelf.stock <= 0
        ? o.now
        : (predictSoldOut({
            stock: shelf.stock,
            unitsPerDay: shelf.unitsPerDay,
            shape,
            now: o.now,
            offset: o.offset,
            horizonDays,
          })?.at ?? null);
    if (at === null) continue;
    const lost =
      at < o.nextVisitAt
        ? expectedUnits({
            unitsPerDay: shelf.unitsPerDay,
            shape,
            from: at,
            to: o.nextVisitAt,
            offset: o.offset,
          })
        : 0;
    all.push({ shelf, at, lostUnits: round1(lost) });
  }
  all.sort((a, b) => a.at - b.at || b.lostUnits - a.lostUnits);
  const emptyBeforeNext = all.filter((s) => s.at < o.nextVisitAt);
  return {
    machine: m,
    soldOutAt: all[0]?.at ?? null,
    first: all[0] ?? null,
    emptyBeforeNext,
    lostUnits: round1(emptyBeforeNext.reduce((n, s) => n + s.lostUnits, 0)),
    must: emptyBeforeNext.length > 0,
    savedUnits: 0,
  };
}

/** What a visit is counted as loading when the route day weighs it: to par for two weeks (D95). */
export const ROUTE_PAR_DAYS = 14;

/**
 * The route day (D95): the rule the closed-loop simulation measured (D94, lib/forecast/
 * visit-choice.ts): a machine must be visited when its shelves are predicted to miss sales
 * (an expected shortfall of at least MUST_SHORT units) before the next visit; the musts go
 * first, most units a visit saves until the van is likely back first, at most `stops`; those
 * that do not fit are `uncovered`. Spare stops go to the machines a visit saves most (at least
 * SPARE_SAVED units), marked optional. A machine without a forecast saves nothing and is never
 * chosen. Each stop carries its outlook (the shelf that empties first, when) to explain it.
 */
export function suggestRouteDay<M extends RouteDayMachine>(input: RouteDayInput<M>): RouteDay<M> {
  const stops = Math.max(0, Math.floor(input.stops));
  const until = input.visitAt + revisitDays(input.machines.length, stops) * DAY;
  const outlooks = new Map<string, MachineOutlook<M>>();
  const needs = input.machines.map((m) => {
    const shelves = m.shelves.flatMap((s) =>
      s.stock === null || s.unitsPerDay === null || s.capacity === null
        ? []
        : [{ stock: s.stock, capacity: s.capacity, unitsPerDay: s.unitsPerDay }],
    );
    const need = visitNeed(m.assetId, shelves, {
      shape: m.shape ?? FLAT,
      offset: input.offset,
      now: input.now,
      visitAt: input.visitAt,
      nextVisitAt: input.nextVisitAt,
      until,
      parDays: input.parDays ?? ROUTE_PAR_DAYS,
    });
    outlooks.set(m.assetId, {
      ...machineOutlook(m, input),
      must: need.shortBeforeNext >= MUST_SHORT,
      savedUnits: round1(Math.max(0, need.savedUnits)),
    });
    return need;
  });
  // Every machine worth a stop, in order; the van takes the first `stops`.
  const ranked = chooseVisits(needs, {
    stops: needs.length,
    mustShort: MUST_SHORT,
    spareSaved: SPARE_SAVED,
  }).map((c) => outlooks.get(c.assetId)!);
  const must = ranked.filter((o) => o.must);
  return {
    stops: ranked.slice(0, stops).map((o, i) => ({ ...o, optional: !o.must, order: i + 1 })),
    uncovered: must.slice(stops),
    mustCount: must.length,
  };
}
