/**
 * Which machines of a line a van visits on a day, by the forecast (D94; the closed-loop
 * simulation in bench/forecast uses it, and route-day planning can). Pure: the caller gives
 * each machine's predictions.
 */
export interface VisitNeed {
  assetId: string;
  /** When its first shelf is predicted empty (≤ now when one already is); null: not within the horizon. */
  soldOutAt: number | null;
  /** Units a visit today saves: what its shelves are predicted to miss before the next possible visit, less what they miss before today's. */
  savedUnits: number;
}

export interface VisitChoice {
  assetId: string;
  /** A shelf is predicted empty before the next possible visit. */
  must: boolean;
}

/**
 * The machines that must be visited (a shelf predicted empty before `nextVisit`), most units
 * saved first, then spare stops to the machines predicted empty soonest, but only those
 * predicted empty before `spareBefore` (a stop that loads little is no stop); at most `stops`.
 */
export function chooseVisits(
  needs: readonly VisitNeed[],
  o: { stops: number; nextVisit: number; spareBefore: number },
): VisitChoice[] {
  const byId = (a: VisitNeed, b: VisitNeed) =>
    a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : 0;
  const must = needs
    .filter((n) => n.soldOutAt !== null && n.soldOutAt < o.nextVisit)
    .sort((a, b) => b.savedUnits - a.savedUnits || a.soldOutAt! - b.soldOutAt! || byId(a, b));
  const spare = needs
    .filter(
      (n) => n.soldOutAt !== null && n.soldOutAt >= o.nextVisit && n.soldOutAt < o.spareBefore,
    )
    .sort((a, b) => a.soldOutAt! - b.soldOutAt! || byId(a, b));
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
