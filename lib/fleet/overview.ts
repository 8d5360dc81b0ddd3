import 'server-only';
import { TZDate } from '@date-fns/tz';
import { startOfDay, subWeeks } from 'date-fns';
import type { Db } from '@/db/client';
import { fleetCounts, type MachineRef } from '@/db/queries/overview';
import { liveAlertCounts, liveAlertsByKind } from '@/db/queries/alert-records';
import { totalStatistic } from '@/lib/sales/stats';
import { salesTrend } from '@/lib/sales/trend';
import { getThresholds } from '@/lib/alerts/thresholds';
import { EVERY_ALERT_KIND, SEVERITY, type AnyAlertKind as AlertKind } from '@/lib/alerts/kinds';
import { maySeeMoney } from '@/lib/auth/rules';
import type { Role } from '@/lib/auth/roles';

export type { AnyAlertKind as AlertKind } from '@/lib/alerts/kinds';

export interface Alert extends Omit<MachineRef, 'assetId'> {
  /** The alert record (its page is /alerts/:id). */
  id: number;
  state: 'open' | 'acknowledged';
  kind: AlertKind;
  /** The machine; null for the app's own conditions (a sync job, the inbox). */
  assetId: string | null;
  /** When the condition began (epoch seconds). */
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

async function salesBetween(
  db: Db,
  from: number,
  to: number,
  timeZone: string,
): Promise<SalesWindow> {
  const { count, amount } = await totalStatistic(db, {
    startTime: from,
    endTime: to,
    assets: null,
    timeZone,
  });
  return { from, to, count: count!, amount: amount! };
}

/** Today so far in the fleet's time zone, and the same hours of the same weekday last week. */
export async function salesComparison(db: Db, now: number, timeZone: string) {
  const dayStart = startOfDay(new TZDate(now * 1000, timeZone));
  const from = Math.floor(dayStart.getTime() / 1000);
  const weekAgo = Math.floor(subWeeks(dayStart, 1).getTime() / 1000);
  return {
    today: await salesBetween(db, from, now, timeZone),
    lastWeek: await salesBetween(db, weekAgo, weekAgo + (now - from), timeZone),
  };
}

export type AlertCounts = Record<AlertKind, number>;

/** The message's facts: scalars only (lists of shelves and the like stay on the alert's page). */
function scalars(details: string): Alert['detail'] {
  const out: Alert['detail'] = {};
  for (const [k, v] of Object.entries(JSON.parse(details) as Record<string, unknown>))
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

/**
 * The live alerts (open or acknowledged, snoozed ones apart): the `perKind` longest-standing
 * of each kind, most urgent kind first, how many of each kind there are, and how many are
 * snoozed. Read from the alert records the evaluator keeps (lib/alerts, D85).
 */
export async function rankedAlerts(db: Db, now: number, perKind = ALERTS_PER_KIND) {
  const counts = Object.fromEntries(EVERY_ALERT_KIND.map((k) => [k, 0])) as AlertCounts;
  let snoozed = 0;
  let lowShelves = 0;
  for (const r of await liveAlertCounts(db, now)) {
    if (r.kind in counts) counts[r.kind as AlertKind] = r.count;
    snoozed += r.snoozed;
    if (r.kind === 'underThreshold') lowShelves = r.shelves;
  }
  const alerts: Alert[] = (await liveAlertsByKind(db, { now, perKind }))
    .filter((r) => r.kind in counts)
    .map((r) => ({
      id: r.id,
      state: r.state,
      kind: r.kind as AlertKind,
      assetId: r.assetId,
      name: r.name,
      siteName: r.siteName,
      lineName: r.lineName,
      since: r.since,
      detail: scalars(r.details),
    }));
  alerts.sort(
    (a, b) =>
      SEVERITY[a.kind] - SEVERITY[b.kind] ||
      (a.since ?? now) - (b.since ?? now) ||
      (a.assetId ?? '').localeCompare(b.assetId ?? ''),
  );
  return { alerts, counts, snoozed, lowShelves };
}

/** Alerts sent per kind: a fleet with thousands of low shelves still answers in kilobytes. */
export const ALERTS_PER_KIND = 200;

/** The overview: fleet figures, sales against last week (when the role may see money), alerts. */
export async function overview(db: Db, o: { now: number; timeZone: string; withSales: boolean }) {
  const thresholds = await getThresholds(db);
  const counts = await fleetCounts(db);
  const { alerts, counts: alertCounts, snoozed, lowShelves } = await rankedAlerts(db, o.now);
  return {
    asOf: o.now,
    counts: { ...counts, underThresholdShelves: lowShelves },
    sales: o.withSales
      ? {
          ...(await salesComparison(db, o.now, o.timeZone)),
          trend: await salesTrend(db, o.now, o.timeZone),
        }
      : null,
    thresholds,
    /** The most urgent ALERTS_PER_KIND of each kind, most urgent first. */
    alerts,
    /** How many alerts of each kind there are in all (snoozed ones apart). */
    alertCounts,
    /** Live alerts snoozed for now: not in the list or the counts. */
    snoozedAlerts: snoozed,
  };
}

export type Overview = Awaited<ReturnType<typeof overview>>;

/** The overview now, for a role, in the fleet's time zone (the API and the page's prefetch). */
export async function overviewFor(db: Db, role: Role, timeZone: string): Promise<Overview> {
  return await overview(db, {
    now: Math.floor(Date.now() / 1000),
    timeZone,
    withSales: maySeeMoney(role),
  });
}
