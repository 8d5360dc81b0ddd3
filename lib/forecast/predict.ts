import { DAY, HOUR, WEEK, WEEK_HOURS } from './week';

/**
 * When a shelf will sell out, from its stock and its demand (D93). Demand is a Poisson process
 * whose rate is `unitsPerDay / 24 × shape[hour of week]` (shape: mean 1 over the week), so the
 * S-th sale comes when the expected units since now reach a Gamma(S, 1) draw: the prediction is
 * the time the expected units reach its median, the band the times they reach its 10th and
 * 90th percentiles, widened by how uncertain the rate itself is (`units` it was estimated from).
 */
export interface Demand {
  unitsPerDay: number;
  /** 168 relative weights by hour of week (0 = Monday 00:00 local), mean 1. */
  shape: readonly number[];
  /** Fleet time zone's offset east of UTC, seconds. */
  offset: number;
}

export interface Prediction {
  /** The median sold-out time, epoch seconds. */
  at: number;
  /** The 80 % band: as early as / as late as. */
  early: number;
  late: number;
}

/** How far ahead a sold-out time is still a prediction: beyond it, "not soon" (null). */
export const HORIZON_DAYS = 60;
/** z of the 10th/90th percentile. */
const Z80 = 1.2816;

/**
 * A profile's running sum over the week at one unit a day: the expected units up to any time
 * is whole weeks plus a prefix, and the time a number of units is reached is found by division
 * and a binary search (fleet-wide planning predicts 200,000 shelves at once).
 */
class WeekCurve {
  readonly rate: Float64Array;
  readonly before: Float64Array;
  readonly weekly: number;
  constructor(shape: readonly number[]) {
    this.rate = new Float64Array(WEEK_HOURS);
    this.before = new Float64Array(WEEK_HOURS + 1);
    for (let w = 0; w < WEEK_HOURS; w++) {
      this.rate[w] = Math.max(0, shape[w] ?? 1) / 24;
      this.before[w + 1] = this.before[w]! + this.rate[w]!;
    }
    this.weekly = this.before[WEEK_HOURS]!;
  }

  /** Expected units (at one a day) from a Monday 00:00 local long ago up to `t`. */
  cumulative(t: number, offset: number): number {
    const local = t + offset + 72 * HOUR;
    const weeks = Math.floor(local / WEEK);
    const inWeek = local - weeks * WEEK;
    const w = Math.min(WEEK_HOURS - 1, Math.floor(inWeek / HOUR));
    return weeks * this.weekly + this.before[w]! + this.rate[w]! * ((inWeek - w * HOUR) / HOUR);
  }

  /** The time at which `cumulative` reaches `target`. */
  at(target: number, offset: number): number {
    let weeks = Math.floor(target / this.weekly);
    let r = target - weeks * this.weekly;
    if (r <= 0 && weeks > 0) {
      // Exactly a week's worth: the end of the last hour with demand in the week before.
      weeks -= 1;
      r = this.weekly;
    }
    // The first hour whose running sum passes r.
    let lo = 0;
    let hi = WEEK_HOURS - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.before[mid + 1]! >= r) hi = mid;
      else lo = mid + 1;
    }
    const frac = this.rate[lo]! > 0 ? (r - this.before[lo]!) / this.rate[lo]! : 0;
    return weeks * WEEK + (lo + Math.min(1, frac)) * HOUR - offset - 72 * HOUR;
  }

  /** When the expected units since `now`, at `perDay` a day, reach `units`; null past `horizon`. */
  reach(now: number, units: number, perDay: number, offset: number, horizon: number) {
    if (units <= 0) return now;
    if (this.weekly <= 0 || perDay <= 0) return null;
    const t = Math.max(now, this.at(this.cumulative(now, offset) + units / perDay, offset));
    return t - now <= horizon ? t : null;
  }
}

const curves = new WeakMap<readonly number[], WeekCurve>();

/** One curve per profile: a machine's shelves share its shape array. */
function curveOf(shape: readonly number[]): WeekCurve {
  let c = curves.get(shape);
  if (!c) curves.set(shape, (c = new WeekCurve(shape)));
  return c;
}

/** Gamma(k, 1)'s quantile at standard normal z (Wilson–Hilferty; within a few % for k ≥ 1). */
export function gammaQuantile(k: number, z: number): number {
  const c = 1 / (9 * k);
  return k * Math.max(0, 1 - c + z * Math.sqrt(c)) ** 3;
}

/** Expected units sold between `from` and `to` (epoch seconds). */
export function expectedUnits(d: Demand & { from: number; to: number }): number {
  if (d.to <= d.from || d.unitsPerDay <= 0) return 0;
  const c = curveOf(d.shape);
  return d.unitsPerDay * (c.cumulative(d.to, d.offset) - c.cumulative(d.from, d.offset));
}

/**
 * The shelf's predicted sold-out time. `stock` ≤ 0 is empty now. `units` is how many sales the
 * rate was estimated from (its own uncertainty widens the band); null when demand is too low for
 * the shelf to empty within `horizonDays`.
 */
export function predictSoldOut(
  p: Demand & { stock: number; now: number; units?: number; horizonDays?: number },
): Prediction | null {
  if (p.stock <= 0) return { at: p.now, early: p.now, late: p.now };
  if (!(p.unitsPerDay > 0)) return null;
  const horizon = (p.horizonDays ?? HORIZON_DAYS) * DAY;
  const c = curveOf(p.shape);
  const reach = (units: number, within: number) =>
    c.reach(p.now, units, p.unitsPerDay, p.offset, within);
  const at = reach(gammaQuantile(p.stock, 0), horizon);
  if (at === null) return null;
  const rateSpread = Math.exp(Z80 / Math.sqrt((p.units ?? 30) + 1));
  const early = reach(gammaQuantile(p.stock, -Z80) / rateSpread, horizon) ?? at;
  const late = reach(gammaQuantile(p.stock, Z80) * rateSpread, 2 * horizon);
  return { at: Math.round(at), early: Math.round(early), late: Math.round(late ?? at + horizon) };
}

/** The naive baseline: stock ÷ average daily sales, from now. */
export function naiveSoldOut(p: { stock: number; avgDaily: number; now: number }): number | null {
  if (p.stock <= 0) return p.now;
  if (!(p.avgDaily > 0)) return null;
  return Math.round(p.now + (p.stock / p.avgDaily) * DAY);
}
