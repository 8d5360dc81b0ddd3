import 'server-only';
import { createTranslator } from 'use-intl';
import type { Db } from '@/db/client';
import { alertDetail, listAlerts, type AlertListParams } from '@/db/queries/alerts';
import { auditActions, listAudit, type AuditFilter } from '@/db/queries/audit';
import { peopleByIds } from '@/db/queries/auth';
import { inboxStatusCounts, listInbox } from '@/db/queries/inbox';
import { machinesInScope, scopeOptions } from '@/db/queries/sales';
import { tradePage, tradesCsv, type TradeSearchParams } from '@/lib/sales/trades/read';
import { getConfig } from '@/lib/config';
import { machineDetail, machineList } from '@/lib/fleet/machines';
import { MESSAGES, type Locale } from '@/lib/i18n';
import { FORMATS } from '@/lib/i18n/formats';
import type { MachineListParams } from '@/db/queries/machine-list';
import { fitFleet } from '@/lib/forecast/job';
import { overview } from '@/lib/fleet/overview';
import { lineDetail, linesOverview, sitesOverview } from '@/lib/planning/plans';
import { pickSheet, type PickSelection, type SheetFill } from '@/lib/planning/pick-sheet';
import { routeDayOf, type RouteDayParams } from '@/lib/planning/route-day-read';
import { pickSheetCsv } from '@/lib/planning/pick-sheet-csv';
import { visitCsv, visitListCsv } from '@/lib/refills/csv';
import { visitDetail, visitList, type VisitItem } from '@/lib/refills/visits';
import { foodSafetyCsv } from '@/lib/reports/food-safety-csv';
import { foodSafetyReport, type FoodSafetyParams } from '@/lib/reports/food-safety-read';
import { buildReportNotice, type ScheduledReport } from '@/lib/reports/scheduled';
import { salesReportCsv, type Translate } from '@/lib/sales/csv';
import type { Granularity, SalesFilters } from '@/lib/sales/filters';
import { reportOptions, salesReport, selectedAssets } from '@/lib/sales/report';
import { salesStatistic, totalStatistic } from '@/lib/sales/stats';
import type { InboxKind, InboxStatus } from '@/db/schema';

type VisitListFilters = Parameters<typeof visitList>[1];

/**
 * The reads that can take long (reports, statistics, the overview, fleet-wide lists, exports),
 * by name, so that the production server can run them on a worker thread with a read-only
 * connection of its own (lib/reads/pool.ts, docs/decisions.md D60) while the main thread keeps
 * answering the platform's pushes. Each takes the parsed parameters (plain data: they cross a
 * thread) and answers plain data (JSON) or text (a CSV).
 *
 * `lane` keeps heavy reports from queueing in front of the pages everyone polls.
 */
export type Lane = 'interactive' | 'report';

interface ReadDef<P, R> {
  lane: Lane;
  run: (db: Db, params: P) => R;
}

const def = <P, R>(lane: Lane, run: (db: Db, params: P) => R): ReadDef<P, R> => ({ lane, run });

const now = () => Math.floor(Date.now() / 1000);
const timeZone = () => getConfig().FLEET_TIME_ZONE;

export function translator(locale: Locale): Translate {
  const t = createTranslator({
    locale,
    messages: MESSAGES[locale],
    timeZone: timeZone(),
    formats: FORMATS[locale],
  });
  return t as unknown as Translate;
}

/** The most visits one CSV export holds. */
export const MAX_VISIT_EXPORT = 5000;

export interface ReportParams {
  filters: SalesFilters;
  granularity?: Granularity;
  machineLimit: number;
}

export const READS = {
  overview: def(
    'interactive',
    async (db, p: { withSales: boolean }) =>
      await overview(db, { now: now(), timeZone: timeZone(), withSales: p.withSales }),
  ),
  machineList: def(
    'interactive',
    async (db, p: MachineListParams) => await machineList(db, p, now()),
  ),
  machineDetail: def(
    'interactive',
    async (db, p: { assetId: string }) => await machineDetail(db, p.assetId, now()),
  ),
  lines: def('interactive', async (db) => await linesOverview(db)),
  sites: def('interactive', async (db) => await sitesOverview(db)),
  lineDetail: def('interactive', async (db, p: { id: number }) => await lineDetail(db, p.id)),
  pickSheet: def(
    'interactive',
    async (db, p: PickSelection & { fill?: SheetFill }) => await pickSheet(db, p, p.fill),
  ),
  pickSheetCsv: def(
    'interactive',
    async (db, p: { selection: PickSelection; fill?: SheetFill; locale: Locale }) =>
      pickSheetCsv(await pickSheet(db, p.selection, p.fill), translator(p.locale)),
  ),
  routeDay: def(
    'interactive',
    async (db, p: RouteDayParams) => await routeDayOf(db, p, { now: now(), timeZone: timeZone() }),
  ),
  trades: def('interactive', async (db, p: TradeSearchParams) => await tradePage(db, p)),
  tradesCsv: def(
    'report',
    async (db, p: TradeSearchParams & { locale: Locale }) =>
      await tradesCsv(db, p, translator(p.locale), timeZone()),
  ),
  inbox: def(
    'interactive',
    async (db, p: { status?: InboxStatus; kind?: InboxKind; limit: number; before?: number }) => ({
      ...(await listInbox(db, p)),
      counts: await inboxStatusCounts(db),
    }),
  ),
  audit: def('interactive', async (db, p: AuditFilter & { limit: number }) => {
    const rows = await listAudit(db, { ...p, limit: p.limit + 1 });
    const page = rows.slice(0, p.limit);
    return {
      items: page.map((r) => ({
        ...r,
        before: r.before ? (JSON.parse(r.before) as unknown) : null,
        after: r.after ? (JSON.parse(r.after) as unknown) : null,
      })),
      nextCursor: rows.length > p.limit ? String(page.at(-1)!.id) : null,
      actions: await auditActions(db),
      // Who the actors and the users acted upon are now, so the page can name them.
      people: await peopleByIds(db, [
        ...new Set(
          page.flatMap((r) => [
            ...(r.actorKind === 'user' && r.actorId !== null ? [r.actorId] : []),
            ...(r.targetKind === 'user' && /^\d+$/.test(r.targetId ?? '')
              ? [Number(r.targetId)]
              : []),
          ]),
        ),
      ]),
    };
  }),
  visits: def(
    'interactive',
    async (db, p: { filters: VisitListFilters; limit: number; offset: number }) =>
      await visitList(db, p.filters, p),
  ),
  visit: def('interactive', async (db, p: { id: number }) => await visitDetail(db, p.id)),
  alerts: def(
    'interactive',
    async (db, p: Omit<AlertListParams, 'now'>) => await listAlerts(db, { ...p, now: now() }),
  ),
  alert: def('interactive', async (db, p: { id: number }) => await alertDetail(db, p.id, now())),
  // The forecast's fit reads 8 weeks of every machine's trades: seconds, never on the push thread.
  demandFit: def(
    'report',
    async (db, p: { now: number; windowDays: number }) =>
      await fitFleet(db, { ...p, timeZone: timeZone() }),
  ),
  salesReport: def('report', async (db, p: ReportParams) => ({
    ...(await salesReport(db, p.filters, { ...p, timeZone: timeZone() })),
    options: await reportOptions(db),
  })),
  salesReportCsv: def('report', async (db, p: ReportParams & { locale: Locale }) => {
    const report = await salesReport(db, p.filters, { ...p, timeZone: timeZone() });
    return salesReportCsv(report, p.filters, translator(p.locale));
  }),
  salesStatistic: def('report', async (db, p: SalesFilters & { limit: number; offset: number }) => {
    const assets = await selectedAssets(db, p);
    const all = assets ?? (await machinesInScope(db, {})).map((m) => m.assetId);
    const page = all.slice(p.offset, p.offset + p.limit);
    const range = { startTime: p.startTime, endTime: p.endTime };
    const filters = {
      ...range,
      goodsIds: p.goodsIds,
      payStyles: p.payStyles,
      timeZone: timeZone(),
    };
    return {
      ...range,
      total: {
        ...range,
        assets: all.length,
        ...(await totalStatistic(db, { ...filters, assets })),
      },
      items: page.length ? await salesStatistic(db, { ...filters, assetIds: page }) : [],
      nextOffset: p.offset + p.limit < all.length ? p.offset + p.limit : null,
    };
  }),
  visitsCsv: def('report', async (db, p: { filters: VisitListFilters; locale: Locale }) => {
    const items: VisitItem[] = [];
    let next: number | null = 0;
    while (next !== null && items.length < MAX_VISIT_EXPORT) {
      const page = await visitList(db, p.filters, {
        limit: Math.min(500, MAX_VISIT_EXPORT - items.length),
        offset: next,
      });
      items.push(...page.items);
      next = page.nextOffset;
    }
    return visitListCsv(items, translator(p.locale), timeZone());
  }),
  visitCsv: def('report', async (db, p: { id: number; locale: Locale }) => {
    const visit = await visitDetail(db, p.id);
    return visit ? visitCsv(visit, translator(p.locale), timeZone()) : null;
  }),
  foodSafety: def('report', async (db, p: FoodSafetyParams) => ({
    ...(await foodSafetyReport(db, { ...p, timeZone: timeZone(), now: now() })),
    lines: (await scopeOptions(db)).lines,
  })),
  foodSafetyCsv: def('report', async (db, p: FoodSafetyParams & { locale: Locale }) =>
    foodSafetyCsv(
      await foodSafetyReport(db, { ...p, timeZone: timeZone(), now: now() }),
      translator(p.locale),
    ),
  ),
  scheduledReport: def(
    'report',
    (db, p: { report: ScheduledReport; language: Locale; day: string; now: number }) =>
      buildReportNotice(db, { ...p, timeZone: timeZone() }, translator(p.language)),
  ),
} as const;

export type Reads = typeof READS;
export type ReadName = keyof Reads;
export type ReadParams<N extends ReadName> = Parameters<Reads[N]['run']>[1];
export type ReadResult<N extends ReadName> = Awaited<ReturnType<Reads[N]['run']>>;
