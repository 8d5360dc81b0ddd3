import { expectedUnits, type Demand } from './predict';

/**
 * Which machines of a line a van visits on a day, by the forecast (D94; the closed-loop
 * simulation in bench/forecast uses it, and route-day planning can). Pure: the caller gives
 * each machine's predictions.
 */
export interface VisitNeed {
  assetId: string;
  /** Units its shelves are predicted to miss before the next possible visit without a visit today. */
  shortBeforeNext: number;
  /** Units a visit today saves over the planning horizon (the load's days): missed without it, less missed with it. */
  savedUnits: number;
}

export interface VisitChoice {
  assetId: string;
  /** Its shelves are predicted to miss at least `mustShort` units before the next possible visit. */
  must: boolean;
}

/**
 * A machine must be visited when its shelves are predicted to miss this many units before the
 * next possible visit: any expected shortfall. At 3 stops and par 30, lost (b)/(a) measured
 * 0.74 at 0.1 and 0.5, 0.76 at 1, 0.84 at 2, 0.91 at 4 (D94): a high bar lets machines that
 * look urgent but save little crowd out ones that save more.
 */
export const MUST_SHORT = 0.1;
/** A spare stop is made only where it saves at least this many units until the van is back. */
export const SPARE_SAVED = 1;

/** Days until a van is likely back at a machine: the line's machines ÷ its stops a day. */
export const revisitDays = (machines: number, stops: number) =>
  Math.max(1, Math.ceil(machines / Math.max(1, stops)));

/**
 * The machines that must be visited today (predicted to miss at least `mustShort` units before
 * the next possible visit: an empty shelf nobody asks for is no reason), most units saved
 * first; then spare stops to the machines a visit saves most, if at least `spareSaved` units;
 * at most `stops`.
 */
export function chooseVisits(
  needs: readonly VisitNeed[],
  o: { stops: number; mustShort: number; spareSaved: number },
): VisitChoice[] {
  const order = (a: VisitNeed, b: VisitNeed) =>
    b.savedUnits - a.savedUnits || (a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : 0);
  const must = needs.filter((n) => n.shortBeforeNext >= o.mustShort).sort(order);
  const spare = needs
    .filter((n) => n.shortBeforeNext < o.mustShort && n.savedUnits >= o.spareSaved)
    .sort(order);
  return [
    ...must.map((n) => ({ assetId: n.assetId, must: true })),
    ...spare.map((n) => ({ assetId: n.assetId, must: false })),
  ].slice(0, Math.max(0, o.stops));
}

/**
 * Expected units short of `stock` when demand is Poisson with mean `mean`:
 * E[max(0, D − stock)] = mean − stock + Σ_{k<stock} (stock − k)·P(D = k).
 */
export function expectedShort(mean: number, stock: number): number {
  if (!(mean > 0)) return 0;
  const s = Math.max(0, Math.floor(stock));
  let p = Math.exp(-mean);
  let below = 0;
  for (let k = 0; k < s; k++) {
    below += (s - k) * p;
    p *= mean / (k + 1);
  }
  return Math.max(0, mean - s + below);
}

/** A shelf as the visit choice reads it: its stock now, its capacity and its rate. */
export interface NeedShelf {
  stock: number;
  capacity: number;
  unitsPerDay: number;
}

/** Units to have on a shelf after a visit at `visitAt`, loading to par for `parDays`: never below what is on it, never above capacity. */
export function parLevel(
  s: NeedShelf,
  d: Omit<Demand, 'unitsPerDay'> & { visitAt: number; parDays: number },
): number {
  const toPar = expectedUnits({
    unitsPerDay: s.unitsPerDay,
    shape: d.shape,
    offset: d.offset,
    from: d.visitAt,
    to: d.visitAt + d.parDays * DAY_S,
  });
  return Math.min(s.capacity, Math.max(s.stock, Math.ceil(toPar)));
}

/**
 * What a machine's shelves are predicted to miss without a visit before the next possible one,
 * and what a visit at `visitAt` loading to par saves until `until` (when the van is likely back),
 * both in units (Poisson shortfalls, `expectedShort`). The route-day suggestion and the
 * closed-loop simulation (bench:forecast) both ask this.
 */
export function visitNeed(
  assetId: string,
  shelves: readonly NeedShelf[],
  d: Omit<Demand, 'unitsPerDay'> & {
    now: number;
    visitAt: number;
    nextVisitAt: number;
    until: number;
    parDays: number;
  },
): VisitNeed {
  let shortBeforeNext = 0;
  let savedUnits = 0;
  for (const s of shelves) {
    const rate = { unitsPerDay: s.unitsPerDay, shape: d.shape, offset: d.offset };
    const toVisit = expectedUnits({ ...rate, from: d.now, to: d.visitAt });
    const toNext = expectedUnits({ ...rate, from: d.now, to: d.nextVisitAt });
    const toUntil = expectedUnits({ ...rate, from: d.now, to: d.until });
    const lostByVisit = expectedShort(toVisit, s.stock);
    shortBeforeNext += expectedShort(toNext, s.stock) - lostByVisit;
    const par = parLevel(s, d);
    savedUnits +=
      expectedShort(toUntil, s.stock) - lostByVisit - expectedShort(toUntil - toVisit, par);
  }
  return { assetId, shortBeforeNext, savedUnits };
}

const DAY_S = 86_400;
