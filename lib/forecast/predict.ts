import { DAY, HOUR, WEEK, WEEK_HOURS, hourOfWeek } from './week';

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

/** A week's expected units per hour of week, and its running sum (units before each hour). */
class WeekCurve {
  readonly rate: Float64Array;
  readonly before: Float64Array;
  readonly weekly: number;
  constructor(readonly d: Demand) {
    this.rate = new Float64Array(WEEK_HOURS);
    this.before = new Float64Array(WEEK_HOURS + 1);
    const perHour = Math.max(0, d.unitsPerDay) / 24;
    for (let w = 0; w < WEEK_HOURS; w++) {
      this.rate[w] = perHour * Math.max(0, d.shape[w] ?? 1);
      this.before[w + 1] = this.before[w]! + this.rate[w]!;
    }
    this.weekly = this.before[WEEK_HOURS]!;
  }

  /** Expected units from a fixed Monday 00:00 local long ago up to `t`. */
  cumulative(t: number): number {
    const local = t + this.d.offset + 72 * HOUR;
    const weeks = Math.floor(local / WEEK);
    const inWeek = local - weeks * WEEK;
    const w = Math.floor(inWeek / HOUR);
    return weeks * this.weekly + this.before[w]! + this.rate[w]! * ((inWeek - w * HOUR) / HOUR);
  }

  /** The time at which the expected units since `now` reach `units`; null past the horizon. */
  reach(now: number, units: number, horizon: number): number | null {
    if (units <= 0) return now;
    if (this.weekly <= 0) return null;
    const hourStart = Math.floor((now + this.d.offset) / HOUR) * HOUR - this.d.offset;
    let w = hourOfWeek(now, this.d.offset);
    let t = now;
    let left = units;
    const first = this.rate[w]! * ((hourStart + HOUR - now) / HOUR);
    if (first >= left) return now + (left / this.rate[w]!) * HOUR;
    left -= first;
    t = hourStart + HOUR;
    w = (w + 1) % WEEK_HOURS;
    const weeks = Math.floor(left / this.weekly);
    if (weeks > 0) {
      left -= weeks * this.weekly;
      t += weeks * WEEK;
    }
    for (let i = 0; i <= WEEK_HOURS * 2 && t - now <= horizon; i++) {
      const r = this.rate[w]!;
      if (r > 0 && r >= left) return t + (left / r) * HOUR;
      left -= r;
      t += HOUR;
      w = (w + 1) % WEEK_HOURS;
    }
    return null;
  }
}

const curves = new WeakMap<readonly number[], Map<string, WeekCurve>>();

/** Curves are reused per (shape, rate, offset): a fleet's shelves share their machine's shape. */
function curveOf(d: Demand): WeekCurve {
  let byRate = curves.get(d.shape);
  if (!byRate) curves.set(d.shape, (byRate = new Map()));
  const key = `${d.unitsPerDay}/${d.offset}`;
  let c = byRate.get(key);
  if (!c) byRate.set(key, (c = new WeekCurve(d)));
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
  const c = curveOf(d);
  return c.cumulative(d.to) - c.cumulative(d.from);
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
  const c = curveOf(p);
  const at = c.reach(p.now, gammaQuantile(p.stock, 0), horizon);
  if (at === null) return null;
  const rateSpread = Math.exp(Z80 / Math.sqrt((p.units ?? 30) + 1));
  const early = c.reach(p.now, gammaQuantile(p.stock, -Z80) / rateSpread, horizon) ?? at;
  const late = c.reach(p.now, gammaQuantile(p.stock, Z80) * rateSpread, 2 * horizon);
  return { at: Math.round(at), early: Math.round(early), late: Math.round(late ?? at + horizon) };
}

/** The naive baseline: stock ÷ average daily sales, from now. */
export function naiveSoldOut(p: { stock: number; avgDaily: number; now: number }): number | null {
  if (p.stock <= 0) return p.now;
  if (!(p.avgDaily > 0)) return null;
  return Math.round(p.now + (p.stock / p.avgDaily) * DAY);
}
