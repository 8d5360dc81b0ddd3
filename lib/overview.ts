import { TZDate } from '@date-fns/tz';
import { startOfDay, subWeeks } from 'date-fns';
import type { Db } from '@/db/client';
import {
  clockAheadMachines,
  fleetCounts,
  latestReadings,
  offlineMachines,
  openDoors,
  openFaultRows,
  soldOutByMachine,
  staleMachines,
  machineRefs,
  type MachineRef,
  type Ranked,
} from '@/db/queries/overview';
import { totalStatistic } from '@/lib/stats';
import { salesTrend } from '@/lib/sales/trend';
import { excursionSince } from '@/lib/temperatures';
import { listThrottledMachines } from '@/db/queries/pickup';
import { getThresholds, type Thresholds } from '@/lib/alerts/thresholds';
import { stockBasis } from '@/db/queries/stock';
import { estimatedStock, stockLevel } from '@/lib/domain/estimated-stock';
import { excursions } from '@/lib/domain/temperature-band';
import { parseChambers } from '@/lib/domain/temperature';
import { maySeeMoney } from '@/lib/auth/rules';
import type { Role } from '@/lib/auth/roles';

export type AlertKind =
  | 'offline'
  | 'temperature'
  | 'door'
  | 'fault'
  | 'pickupThrottled'
  | 'soldOut'
  | 'clockAhead'
  | 'underThreshold'
  | 'stale';

/** Most urgent first: a machine that cannot sell or keep goods cold before a low shelf. */
const SEVERITY: Record<AlertKind, number> = {
  offline: 0,
  temperature: 1,
  door: 2,
  fault: 3,
  // Someone is trying pickup codes at the machine (issue 8: brute force on §7.1 check).
  pickupThrottled: 4,
  soldOut: 5,
  stale: 6,
  // Its trades count at their receipt instead (D71): someone should set the machine's clock.
  clockAhead: 7,
  underThreshold: 8,
};

/** How far back a throttled pickup-code check stays an alert. */
export const PICKUP_THROTTLE_ALERT_S = 3600;

/** Machines whose pickup-code checks were throttled lately (D17), with their names. */
function throttledPickups(db: Db, now: number) {
  const rows = listThrottledMachines(db, { since: now - PICKUP_THROTTLE_ALERT_S, limit: 1000 });
  if (rows.length === 0) return [];
  const by = new Map(rows.map((r) => [r.assetId, r]));
  return machineRefs(db, [...by.keys()]).map((m) => {
    const r = by.get(m.assetId)!;
    return {
      ...m,
      since: r.firstThrottledAt,
      wrongCodes: r.wrongCodes,
      refused: r.throttledChecks,
    };
  });
}

export interface Alert extends MachineRef {
  kind: AlertKind;
  /** When the condition began (epoch seconds), when known. */
  since: number | null;
  /** Kind-specific facts for the message: counts, temperatures, fault codes. */
  detail: Record<string, string | number>;
}

export interface SalesWindow {
  from: number;
  to: number;
  count: number;
  amount: number;
}

function salesBetween(db: Db, from: number, to: number, timeZone: string): SalesWindow {
  const { count, amount } = totalStatistic(db, {
    startTime: from,
    endTime: to,
    assets: null,
    timeZone,
  });
  return { from, to, count: count!, amount: amount! };
}

/** Today so far in the fleet's time zone, and the same hours of the same weekday last week. */
export function salesComparison(db: Db, now: number, timeZone: string) {
  const dayStart = startOfDay(new TZDate(now * 1000, timeZone));
  const from = Math.floor(dayStart.getTime() / 1000);
  const weekAgo = Math.floor(subWeeks(dayStart, 1).getTime() / 1000);
  return {
    today: salesBetween(db, from, now, timeZone),
    lastWeek: salesBetween(db, weekAgo, weekAgo + (now - from), timeZone),
  };
}

/**
 * Machines with shelves whose estimated stock is at or under their threshold and not sold out:
 * the machine page's "low" (lib/domain/estimated-stock), from the same fleet-wide stock basis
 * route planning reads, so the three never disagree. Only the `limit` machines low longest are
 * named; `machines` and `shelves` count them all.
 */
function lowStockByMachine(db: Db, limit: number) {
  const low = new Map<string, number>();
  for (const s of stockBasis(db, { fleet: true }, { mayBeLow: true })) {
    if (!s.inPlanogram || s.soldOut) continue;
    const level = stockLevel({ soldOut: false, estimated: estimatedStock(s), valve: s.valve });
    if (level === 'low') low.set(s.assetId, (low.get(s.assetId) ?? 0) + 1);
  }
  const shelves = [...low.values()].reduce((n, v) => n + v, 0);
  const named = [...low.keys()].sort().slice(0, limit);
  const rows = named.length
    ? machineRefs(db, named).map((m) => ({ ...m, shelves: low.get(m.assetId)! }))
    : [];
  return { rows, machines: low.size, shelves };
}

export type AlertCounts = Record<AlertKind, number>;

/**
 * The alerts now: the most urgent `perKind` of each kind, most urgent first, and how many there
 * are of each kind in all. Every source is bounded in SQL (db/queries/overview.ts), so a fleet
 * with a hundred thousand open faults answers as fast as one with ten.
 */
export function rankedAlerts(db: Db, now: number, t: Thresholds, perKind = ALERTS_PER_KIND) {
  const alerts: Alert[] = [];
  const counts = Object.fromEntries(Object.keys(SEVERITY).map((k) => [k, 0])) as AlertCounts;
  function add<R extends MachineRef & { since?: number | null }>(
    kind: AlertKind,
    rows: R[],
    total: number,
    detail: (r: R) => Alert['detail'] = () => ({}),
  ) {
    counts[kind] = total;
    for (const r of rows) {
      const { assetId, name, siteName, lineName } = r;
      alerts.push({
        kind,
        assetId,
        name,
        siteName,
        lineName,
        since: r.since ?? null,
        detail: detail(r),
      });
    }
  }
  const totalOf = (rows: Ranked[]) => rows[0]?.total ?? 0;
  const limit = perKind;
  const offline = offlineMachines(db, { before: now - t.offlineMinutes * 60, limit });
  add('offline', offline, totalOf(offline));
  const doors = openDoors(db, { before: now - t.doorOpenMinutes * 60, limit });
  add('door', doors, totalOf(doors));
  const stale = staleMachines(db, { before: now - t.staleHours * 3600, limit });
  add('stale', stale, totalOf(stale));
  const faults = openFaultRows(db, { limit });
  add('fault', faults, totalOf(faults), (r) => ({ cid: r.cid, pcode: r.pcode, ccode: r.ccode }));
  const throttled = throttledPickups(db, now);
  add('pickupThrottled', throttled.slice(0, limit), throttled.length, (r) => ({
    wrongCodes: r.wrongCodes,
    refused: r.refused,
  }));
  const soldOut = soldOutByMachine(db, { limit });
  add('soldOut', soldOut, totalOf(soldOut), (r) => ({ shelves: r.shelves }));
  const ahead = clockAheadMachines(db, { limit });
  add('clockAhead', ahead, totalOf(ahead), (r) => ({ aheadBy: r.aheadBy }));
  const low = lowStockByMachine(db, limit);
  add('underThreshold', low.rows, low.machines, (r) => ({ shelves: r.shelves }));
  const temperature: Alert[] = [];
  for (const row of latestReadings(db)) {
    const r = { ...row, chambers: parseChambers(row.chambers) };
    for (const x of excursions(r, t.temperatureToleranceC)) {
      const { assetId, name, siteName, lineName } = r;
      // Since its first reading out of band, not its latest (D81).
      const run = excursionSince(db, {
        assetId,
        cid: r.cid,
        room: x.room,
        to: r.at,
        tolerance: t.temperatureToleranceC,
      });
      temperature.push({
        kind: 'temperature',
        assetId,
        name,
        siteName,
        lineName,
        since: run?.since ?? r.at,
        detail: {
          cid: r.cid,
          room: x.room,
          temperature: x.temperature,
          low: x.low,
          high: x.high,
          mode: x.mode,
          peak: run?.peak ?? x.temperature,
          latestAt: r.at,
          /** 1 when the run began before the look-back's start: "at least since". */
          atLeast: run?.atLeast ? 1 : 0,
        },
      });
    }
  }
  counts.temperature = temperature.length;
  const bySince = (a: Alert, b: Alert) =>
    (a.since ?? now) - (b.since ?? now) || a.assetId.localeCompare(b.assetId);
  alerts.push(...temperature.sort(bySince).slice(0, limit));
  alerts.sort((a, b) => SEVERITY[a.kind] - SEVERITY[b.kind] || bySince(a, b));
  return { alerts, counts, lowShelves: low.shelves };
}

/** The alerts now (the most urgent ALERTS_PER_KIND of each kind), most urgent first. */
export function fleetAlerts(db: Db, now: number, t: Thresholds): Alert[] {
  return rankedAlerts(db, now, t).alerts;
}

/** Alerts sent per kind: a fleet with thousands of low shelves still answers in kilobytes. */
export const ALERTS_PER_KIND = 200;

/** The overview: fleet figures, sales against last week (when the role may see money), alerts. */
export function overview(db: Db, o: { now: number; timeZone: string; withSales: boolean }) {
  const thresholds = getThresholds(db);
  const counts = fleetCounts(db);
  const { alerts, counts: alertCounts, lowShelves } = rankedAlerts(db, o.now, thresholds);
  return {
    asOf: o.now,
    counts: { ...counts, underThresholdShelves: lowShelves },
    sales: o.withSales
      ? { ...salesComparison(db, o.now, o.timeZone), trend: salesTrend(db, o.now, o.timeZone) }
      : null,
    thresholds,
    /** The most urgent ALERTS_PER_KIND of each kind, most urgent first. */
    alerts,
    /** How many alerts of each kind there are in all. */
    alertCounts,
  };
}

export type Overview = ReturnType<typeof overview>;

/** The overview now, for a role, in the fleet's time zone (the API and the page's prefetch). */
export function overviewFor(db: Db, role: Role, timeZone: string): Overview {
  return overview(db, {
    now: Math.floor(Date.now() / 1000),
    timeZone,
    withSales: maySeeMoney(role),
  });
}
