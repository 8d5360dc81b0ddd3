import { DAY, HOUR, WEEK_HOURS, hourOfWeek } from './week';

/**
 * Demand per shelf from a machine's own history (D93): how many units a shelf sells per day
 * when it has something to sell, and the machine's hour-of-week profile. Pure: the app's fit job
 * (lib/forecast/job.ts) and the benchmark (bench/forecast.ts) feed it the same records.
 */
export interface FitTrade {
  t: number;
  /** The shelf's key: `${cid}|${locationId}` in the app. */
  shelf: string;
  goodsId: string | null;
  units: number;
}

/** A refill settlement: each shelf's stock after the visit. */
export interface FitRefill {
  t: number;
  shelves: { shelf: string; stock: number }[];
}

export interface MachineHistory {
  /** The window, epoch seconds. */
  from: number;
  to: number;
  /** Fleet time zone's offset east of UTC, seconds. */
  offset: number;
  /** Delivered trades in the window. */
  trades: FitTrade[];
  /**
   * Refill settlements in the window and the last one before it (for the stock it left); trades
   * since that one may be given too: they count down its stock but not as demand.
   */
  refills: FitRefill[];
  /** The planogram today: which goods each shelf holds. */
  shelves: { shelf: string; goodsId: string | null }[];
}

export type DemandSource = 'shelf' | 'site' | 'fleet' | 'machine';

export interface ShelfDemand {
  shelf: string;
  goodsId: string | null;
  /** Units a day when stocked, at the machine's average hour. */
  unitsPerDay: number;
  /** Units of this goods the shelf sold while observed. */
  units: number;
  /** Days it had stock, weighted by how busy each hour is (a night hour counts little). */
  exposureDays: number;
  /** Where the rate mostly comes from: its own sales, or (too little of them) its goods at the site, the fleet, the machine. */
  source: DemandSource;
}

export interface MachineDemand {
  /** 168 weights by hour of week (0 = Monday 00:00 local), mean 1. */
  shape: number[];
  /** Σ of its shelves' rates: what it sells a day with every shelf stocked. */
  unitsPerDay: number;
  shelves: ShelfDemand[];
}

/** Below this many exposure days a shelf's own rate is mixed with its goods' rate elsewhere. */
export const OWN_DAYS = 7;
/** Pseudo-days of the prior in every shelf's rate (gentle: 3 days against weeks of history). */
const PRIOR_DAYS = 3;
/** Pseudo-units per hour of day and per weekday pulling a machine's profile to the fleet's. */
const SHAPE_PRIOR_UNITS = 6;

const flat = () => new Array<number>(WEEK_HOURS).fill(1);

/**
 * Per shelf and hour of the window, the share of the hour it had stock. A shelf is empty from
 * the sale that took its last unit (the settlement's stock less every delivered unit since) to
 * the next refill that left it stock; a sale while "empty" proves the count wrong and ends the
 * spell. Before its first settlement, and for goods it no longer holds, nothing is known: the
 * hours before the current goods' first sale after another goods are not observed (planogram
 * changes).
 */
function availability(h: MachineHistory, h0: number, n: number) {
  const shelves = new Map(h.shelves.map((s) => [s.shelf, s.goodsId]));
  const avail = new Map<string, Float32Array>();
  for (const key of shelves.keys()) avail.set(key, new Float32Array(n).fill(1));
  const clear = (a: Float32Array, from: number, to: number) => {
    from = Math.max(from, h.from);
    to = Math.min(to, h.to);
    for (let t = from; t < to;) {
      const i = Math.floor(t / HOUR) - h0;
      const end = Math.min(to, (i + h0 + 1) * HOUR);
      if (i >= 0 && i < n) a[i] = Math.max(0, a[i]! - (end - t) / HOUR);
      t = end;
    }
  };
  type Event = { t: number; kind: 0 | 1; shelf: string; n: number; goodsId?: string | null };
  const events: Event[] = [];
  for (const r of h.refills)
    for (const s of r.shelves) events.push({ t: r.t, kind: 0, shelf: s.shelf, n: s.stock });
  for (const x of h.trades)
    events.push({ t: x.t, kind: 1, shelf: x.shelf, n: x.units, goodsId: x.goodsId });
  events.sort((a, b) => a.t - b.t || a.kind - b.kind);
  const left = new Map<string, number>();
  const emptySince = new Map<string, number>();
  const observedFrom = new Map<string, number>();
  for (const e of events) {
    const a = avail.get(e.shelf);
    if (!a) continue;
    if (e.kind === 0) {
      const since = emptySince.get(e.shelf);
      if (since !== undefined) clear(a, since, e.t);
      emptySince.delete(e.shelf);
      left.set(e.shelf, e.n);
      if (e.n <= 0) emptySince.set(e.shelf, e.t);
      continue;
    }
    const goods = shelves.get(e.shelf);
    if (goods && e.goodsId && e.goodsId !== goods) {
      // Another goods sold here: what came before the current goods says nothing about it.
      observedFrom.set(e.shelf, e.t);
      continue;
    }
    const stock = left.get(e.shelf);
    if (stock === undefined) continue;
    emptySince.delete(e.shelf);
    const after = stock - e.n;
    left.set(e.shelf, after);
    if (after <= 0) emptySince.set(e.shelf, e.t);
  }
  for (const [shelf, since] of emptySince) clear(avail.get(shelf)!, since, h.to);
  for (const [shelf, until] of observedFrom) clear(avail.get(shelf)!, h.from, until);
  return { avail, observedFrom };
}

/** The machine's hour-of-week profile: hour of day × weekday, exposure-corrected, pulled to the prior. */
function fitShape(
  h: MachineHistory,
  h0: number,
  n: number,
  machineAvail: Float32Array,
  prior: readonly number[],
): number[] {
  const units = new Float64Array(WEEK_HOURS);
  const exposure = new Float64Array(WEEK_HOURS);
  for (let i = 0; i < n; i++) exposure[hourOfWeek((h0 + i) * HOUR, h.offset)]! += machineAvail[i]!;
  let total = 0;
  for (const x of h.trades) {
    if (x.t < h.from || x.t >= h.to) continue;
    units[hourOfWeek(x.t, h.offset)]! += x.units;
    total += x.units;
  }
  // Hour of day and weekday, fitted as a product by alternating (a few rounds settle it): 31
  // numbers from a few hundred sales, where 168 free ones would be mostly noise.
  const priorDay = new Float64Array(24);
  const priorWeek = new Float64Array(7);
  for (let w = 0; w < WEEK_HOURS; w++) {
    priorDay[w % 24]! += prior[w]! / 7;
    priorWeek[Math.floor(w / 24)]! += prior[w]! / 24;
  }
  const exposureSum = exposure.reduce((a, b) => a + b, 0);
  const mean = exposureSum > 0 ? total / exposureSum : 0;
  const day = Float64Array.from(priorDay);
  const week = Float64Array.from(priorWeek);
  for (let round = 0; round < 4; round++) {
    for (let d = 0; d < 24; d++) {
      let u = SHAPE_PRIOR_UNITS * priorDay[d]!;
      let e = SHAPE_PRIOR_UNITS;
      for (let k = 0; k < 7; k++) {
        u += units[k * 24 + d]!;
        e += exposure[k * 24 + d]! * week[k]! * mean;
      }
      day[d] = u / e;
    }
    for (let k = 0; k < 7; k++) {
      let u = SHAPE_PRIOR_UNITS * priorWeek[k]!;
      let e = SHAPE_PRIOR_UNITS;
      for (let d = 0; d < 24; d++) {
        u += units[k * 24 + d]!;
        e += exposure[k * 24 + d]! * day[d]! * mean;
      }
      week[k] = u / e;
    }
  }
  const shape = new Array<number>(WEEK_HOURS);
  for (let w = 0; w < WEEK_HOURS; w++) shape[w] = day[w % 24]! * week[Math.floor(w / 24)]!;
  return normalise(shape);
}

/** Scaled to mean 1 (flat when there is nothing). */
export function normalise(shape: number[]): number[] {
  const mean = shape.reduce((a, b) => a + b, 0) / shape.length;
  return mean > 0 && Number.isFinite(mean) ? shape.map((x) => x / mean) : flat();
}

/** A machine's demand from its own history; `fleetShape` is the profile its own is pulled to. */
export function fitMachine(
  h: MachineHistory,
  o: { fleetShape?: readonly number[] } = {},
): MachineDemand {
  const h0 = Math.floor(h.from / HOUR);
  const n = Math.max(0, Math.ceil(h.to / HOUR) - h0);
  const { avail, observedFrom } = availability(h, h0, n);
  const machineAvail = new Float32Array(n).fill(avail.size ? 0 : 1);
  for (const a of avail.values())
    for (let i = 0; i < n; i++) machineAvail[i]! += a[i]! / avail.size;
  // The window's first and last hours are partly outside it.
  const edge = (i: number, from: number, to: number) =>
    Math.max(0, Math.min(to, (h0 + i + 1) * HOUR) - Math.max(from, (h0 + i) * HOUR)) / HOUR;
  if (n > 0) {
    machineAvail[0]! *= edge(0, h.from, h.to);
    machineAvail[n - 1]! *= edge(n - 1, h.from, h.to);
  }
  const shape = fitShape(h, h0, n, machineAvail, o.fleetShape ?? flat());

  const goodsOf = new Map(h.shelves.map((s) => [s.shelf, s.goodsId]));
  const sold = new Map<string, number>();
  for (const x of h.trades) {
    if (x.t < h.from || x.t >= h.to || !goodsOf.has(x.shelf)) continue;
    const goods = goodsOf.get(x.shelf);
    if (goods && x.goodsId && x.goodsId !== goods) continue;
    if (x.t < (observedFrom.get(x.shelf) ?? -Infinity)) continue;
    sold.set(x.shelf, (sold.get(x.shelf) ?? 0) + x.units);
  }
  // Each hour's weight in the profile, the window's partial edge hours scaled: a shelf's
  // exposure is then its availability · these weights.
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++)
    weight[i] =
      shape[hourOfWeek((h0 + i) * HOUR, h.offset)]! *
      (i === 0 || i === n - 1 ? edge(i, h.from, h.to) : 1);
  const shelves = h.shelves.map((s): ShelfDemand => {
    const a = avail.get(s.shelf)!;
    let exposure = 0;
    for (let i = 0; i < n; i++) exposure += a[i]! * weight[i]!;
    const units = sold.get(s.shelf) ?? 0;
    const exposureDays = exposure / 24;
    return {
      shelf: s.shelf,
      goodsId: s.goodsId,
      units,
      exposureDays,
      unitsPerDay: exposureDays > 0 ? units / exposureDays : 0,
      source: 'shelf',
    };
  });
  // Until poolSites runs, a shelf with too little history takes its machine's mean per shelf.
  const own = shelves.filter((s) => s.exposureDays >= OWN_DAYS);
  const perShelf = own.length ? own.reduce((a, s) => a + s.unitsPerDay, 0) / own.length : 0;
  for (const s of shelves) shrink(s, perShelf, 'machine');
  return { shape, unitsPerDay: sum(shelves), shelves };
}

const sum = (shelves: readonly ShelfDemand[]) => shelves.reduce((a, s) => a + s.unitsPerDay, 0);

/** Mixes the shelf's own rate with a prior: (units + prior × k) / (exposure + k). */
function shrink(s: ShelfDemand, prior: number, source: DemandSource) {
  s.unitsPerDay = (s.units + prior * PRIOR_DAYS) / (s.exposureDays + PRIOR_DAYS);
  s.source = s.exposureDays >= OWN_DAYS ? 'shelf' : source;
}

/**
 * Shelves of new goods, or new shelves, learn from the same goods elsewhere: at the same site
 * first (same footfall), else across the fleet; a goods sold nowhere else keeps the machine's
 * mean per shelf. Changes `machines` in place; returns the fleet's mean shape (for the next fit).
 */
export function poolSites(machines: readonly { site: string | null; demand: MachineDemand }[]) {
  const key = (site: string | null, goods: string | null) => `${site ?? ''}\u0000${goods ?? ''}`;
  const bySite = new Map<string, { units: number; days: number }>();
  const byGoods = new Map<string, { units: number; days: number }>();
  const add = (m: Map<string, { units: number; days: number }>, k: string, s: ShelfDemand) => {
    const v = m.get(k) ?? { units: 0, days: 0 };
    v.units += s.units;
    v.days += s.exposureDays;
    m.set(k, v);
  };
  for (const m of machines)
    for (const s of m.demand.shelves) {
      if (!s.goodsId || s.exposureDays <= 0) continue;
      if (m.site) add(bySite, key(m.site, s.goodsId), s);
      add(byGoods, key(null, s.goodsId), s);
    }
  const fleet = new Array<number>(WEEK_HOURS).fill(0);
  for (const m of machines) {
    for (const s of m.demand.shelves) {
      if (s.exposureDays >= OWN_DAYS || !s.goodsId) continue;
      const site = m.site ? bySite.get(key(m.site, s.goodsId)) : undefined;
      const goods = byGoods.get(key(null, s.goodsId));
      // The site's figure counts this shelf itself: used only when others add to it.
      if (site && site.days - s.exposureDays >= OWN_DAYS) shrink(s, site.units / site.days, 'site');
      else if (goods && goods.days - s.exposureDays >= OWN_DAYS)
        shrink(s, goods.units / goods.days, 'fleet');
    }
    m.demand.unitsPerDay = sum(m.demand.shelves);
    for (let w = 0; w < WEEK_HOURS; w++) fleet[w]! += m.demand.shape[w]! * m.demand.unitsPerDay;
  }
  return normalise(fleet);
}

/** Rounded for storage and the API: rates to 3 decimals. */
export const roundRate = (x: number) => Math.round(x * 1000) / 1000;
export { DAY };
