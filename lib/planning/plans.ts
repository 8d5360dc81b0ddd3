import 'server-only';
import type { DbOrTx } from '@/db/client';
import { flagOf } from '@/lib/fleet/flags';
import {
  lineRows,
  planningMachines,
  siteRows,
  type LineRow,
  type SiteRow,
} from '@/db/queries/planning';
import {
  planningShelfFigures,
  type PlanningShelfFigures,
  type StockScope,
} from '@/db/queries/stock';
import { sellOutFigures, type SellOutFigures } from './forecast-figures';
import {
  nextPossibleVisit,
  rankFigures,
  urgencyOf,
  VELOCITY_DAYS,
  WEIGHTS,
  worstUrgency,
  type MachineFigures,
  type Urgency,
} from '@/lib/planning/refill-priority';
import { visitingOrder } from '@/lib/planning/route-order';

const DAY = 86_400;
const nowSeconds = () => Math.floor(Date.now() / 1000);

const group = <T, K>(xs: readonly T[], key: (x: T) => K) => {
  const m = new Map<K, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
};

/** A machine without planogram shelves. */
const NO_SHELVES: PlanningShelfFigures = {
  shelfCount: 0,
  knownShelves: 0,
  soldOutShelves: 0,
  soldOutShelfHours: 0,
  soldOutHours: null,
  underValveShelves: 0,
  unitsSinceRefill: 0,
  unitsToLoad: 0,
};

/** A machine the forecast predicts nothing empty for before the next possible visit. */
const NO_SELL_OUT: SellOutFigures = { sellOutShelves: 0, sellOutAt: null };

/**
 * Planning figures per machine, ranked: the estimated-stock rule over its planogram shelves,
 * the refill priority with its reasons, the units a refill would load. Units only. The shelves
 * come summed per machine from SQL (`planningShelfFigures`, lib/domain's rules in its terms);
 * the forecast's shelves predicted empty before the next possible visit (D95) from one pass
 * over the machines' forecasts (`sellOutFigures`).
 */
export async function machinePlans(
  db: DbOrTx,
  scope: StockScope,
  now: number,
  o: { nextVisitAt?: number; forecast?: boolean } = {},
) {
  const rows = await planningMachines(db, scope, now - VELOCITY_DAYS * DAY);
  const figures = await planningShelfFigures(db, scope, { now, hoursCap: WEIGHTS.soldOutHoursCap });
  const sellOut =
    o.forecast === false
      ? new Map<string, SellOutFigures>()
      : await sellOutFigures(db, scope, now, o.nextVisitAt ?? nextPossibleVisit(now));
  const inputs = rows.map((r) => {
    const online = flagOf(r.online, 0);
    return {
      ...r,
      online,
      offlineSince: online === false ? r.onlineSince : null,
      shelves: {
        ...(figures.get(r.assetId) ?? NO_SHELVES),
        ...(sellOut.get(r.assetId) ?? NO_SELL_OUT),
      },
    } satisfies MachineFigures;
  });
  // One object per machine, built once with its members in a fixed order (the API's JSON).
  return rankFigures(inputs, now).map(({ machine: m, priority: p, rank }) => ({
    assetId: m.assetId,
    name: m.name,
    siteId: m.siteId,
    siteName: m.siteName,
    lineId: m.lineId,
    lineName: m.lineName,
    online: m.online,
    offlineSince: m.offlineSince,
    lastRefillTime: m.lastRefillTime,
    recentUnits: m.recentUnits,
    shelfCount: m.shelves.shelfCount,
    knownShelves: m.shelves.knownShelves,
    unitsSinceRefill: m.shelves.unitsSinceRefill,
    unitsToLoad: m.shelves.unitsToLoad,
    score: p.score,
    reasons: p.reasons,
    soldOutShelves: p.soldOutShelves,
    underValveShelves: p.underValveShelves,
    unitsPerDay: p.unitsPerDay,
    rank,
    unknownShelves: m.shelves.shelfCount - m.shelves.knownShelves,
    urgency: urgencyOf(m.shelves),
  }));
}

export type MachinePlan = Awaited<ReturnType<typeof machinePlans>>[number];

function lineSummary(line: LineRow, machines: MachinePlan[], sites: SiteRow[]) {
  const refills = machines.map((m) => m.lastRefillTime).filter((t): t is number => t !== null);
  const sum = (f: (m: MachinePlan) => number) => machines.reduce((n, m) => n + f(m), 0);
  return {
    ...line,
    machineCount: machines.length,
    siteCount: sites.length,
    soldOutShelves: sum((m) => m.soldOutShelves),
    underValveShelves: sum((m) => m.underValveShelves),
    unknownShelves: sum((m) => m.unknownShelves),
    offlineMachines: machines.filter((m) => m.online === false).length,
    lastRefillTime: refills.length ? Math.max(...refills) : null,
    unitsSinceRefill: sum((m) => m.unitsSinceRefill),
    unitsToLoad: sum((m) => m.unitsToLoad),
    urgency: worstUrgency(machines.map((m) => m.urgency)),
  };
}

/**
 * Every line with its figures (GET /api/v1/lines, /lines). A line's figures are sums of its
 * machines' shelves: no rank or reason shows, so the forecast's reason is not read (D95).
 */
export async function linesOverview(db: DbOrTx, now = nowSeconds()) {
  const machines = group(
    await machinePlans(db, { fleet: true }, now, { forecast: false }),
    (m) => m.lineId,
  );
  const sites = await siteRows(db);
  const siteLines = group(
    [...machines.values()].flat().filter((m) => m.siteId !== null),
    (m) => m.siteId,
  );
  return {
    asOf: now,
    items: (await lineRows(db)).map((line) => {
      const own = sites.filter(
        (s) => s.lineId === line.id || siteLines.get(s.id)?.some((m) => m.lineId === line.id),
      );
      return lineSummary(line, machines.get(line.id) ?? [], own);
    }),
  };
}

function siteView(site: SiteRow, machines: MachinePlan[]) {
  const count = (v: boolean | null) => machines.filter((m) => m.online === v).length;
  return {
    ...site,
    machineCount: machines.length,
    online: count(true),
    offline: count(false),
    onlineUnknown: count(null),
    soldOutShelves: machines.reduce((n, m) => n + m.soldOutShelves, 0),
    underValveShelves: machines.reduce((n, m) => n + m.underValveShelves, 0),
    score: machines.reduce((n, m) => Math.max(n, m.score), 0),
    urgency: worstUrgency(machines.map((m) => m.urgency)),
    machines: machines.map((m) => ({
      assetId: m.assetId,
      name: m.name,
      lineId: m.lineId,
      online: m.online,
      urgency: m.urgency,
    })),
  };
}

export type SiteView = Awaited<ReturnType<typeof siteView>>;

/** Every site with its machines' state and urgency (GET /api/v1/sites, /sites). */
export async function sitesOverview(db: DbOrTx, now = nowSeconds()) {
  const machines = group(await machinePlans(db, { fleet: true }, now), (m) => m.siteId);
  return {
    asOf: now,
    items: (await siteRows(db)).map((s) => siteView(s, machines.get(s.id) ?? [])),
  };
}

/**
 * One line: its figures, its sites in visiting order (those without coordinates last, by name),
 * and its machines ranked by refill priority.
 */
export async function lineDetail(db: DbOrTx, id: number, now = nowSeconds()) {
  const [line] = await lineRows(db, id);
  if (!line) return undefined;
  const machines = await machinePlans(db, { lineId: id }, now);
  const sites = await siteRows(db, id);
  const placed = sites.filter((s) => s.longitude !== null && s.latitude !== null);
  const order = visitingOrder(
    placed.map((s) => ({ longitude: s.longitude!, latitude: s.latitude! })),
  );
  const ordered = [
    ...order.map((i) => placed[i]!),
    ...sites.filter((s) => s.longitude === null || s.latitude === null),
  ];
  const bySite = group(machines, (m) => m.siteId);
  return {
    asOf: now,
    line: lineSummary(line, machines, sites),
    sites: ordered.map((s, i) => ({
      ...siteView(s, bySite.get(s.id) ?? []),
      visit: s.longitude !== null && s.latitude !== null ? i + 1 : null,
    })),
    machines,
  };
}

export type LinesOverview = Awaited<ReturnType<typeof linesOverview>>;
export type LineSummary = LinesOverview['items'][number];
export type SitesOverview = Awaited<ReturnType<typeof sitesOverview>>;
export type LineDetail = NonNullable<Awaited<ReturnType<typeof lineDetail>>>;
export type { Urgency };
