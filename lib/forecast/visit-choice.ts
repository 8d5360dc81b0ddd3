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
