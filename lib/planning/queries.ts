import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '@/lib/edge/fetch-json';
import type { LineDetail, LinesOverview, SitesOverview } from './plans';
import type { PickSelection, PickSheet, SheetFill } from './pick-sheet';
import type { RouteDayAnswer } from './route-day-read';
import type { RunDetail, RunList } from './runs';

export type {
  RouteDayAnswer,
  SheetFill,
  LineDetail,
  LinesOverview,
  PickSelection,
  PickSheet,
  RunDetail,
  RunList,
  SitesOverview,
};
export type LineItem = LinesOverview['items'][number];
export type SiteItem = SitesOverview['items'][number];
export type PlannedMachine = LineDetail['machines'][number];
export type PlannedSite = LineDetail['sites'][number];

/** Stock moves with every sale: the planning pages ask again every 30 s while open. */
export const PLANNING_REFRESH_MS = 30_000;

export const linesQuery = () =>
  queryOptions({
    queryKey: ['planning', 'lines'],
    queryFn: () => fetchJson<LinesOverview>('/api/v1/lines'),
    refetchInterval: PLANNING_REFRESH_MS,
  });

export const lineQuery = (id: number) =>
  queryOptions({
    queryKey: ['planning', 'line', id],
    queryFn: () => fetchJson<LineDetail>(`/api/v1/lines/${id}`),
    refetchInterval: PLANNING_REFRESH_MS,
  });

export const sitesQuery = () =>
  queryOptions({
    queryKey: ['planning', 'sites'],
    queryFn: () => fetchJson<SitesOverview>('/api/v1/sites'),
    refetchInterval: PLANNING_REFRESH_MS,
  });

export const runsQuery = () =>
  queryOptions({
    queryKey: ['planning', 'runs'],
    queryFn: () => fetchJson<RunList>('/api/v1/runs'),
    refetchInterval: PLANNING_REFRESH_MS,
  });

/** A run follows its settlements: served machines show up within 15 s. */
export const runQuery = (id: number) =>
  queryOptions({
    queryKey: ['planning', 'run', id],
    queryFn: () => fetchJson<RunDetail>(`/api/v1/runs/${id}`),
    refetchInterval: 15_000,
  });

/** A selection as URL parameters: `assetIds=A,B` or `lineIds=1,2`. */
export const selectionSearch = (s: PickSelection) =>
  new URLSearchParams(
    'lineIds' in s ? { lineIds: s.lineIds.join(',') } : { assetIds: s.assetIds.join(',') },
  ).toString();

/** How a sheet loads, as URL parameters (nothing for filling to capacity now, D82's URLs). */
export const fillSearch = (f: SheetFill | null | undefined) => {
  if (!f) return '';
  const p = new URLSearchParams();
  if (f.fill === 'par') p.set('fill', 'par');
  if (f.fill === 'par') p.set('parDays', String(f.parDays));
  if (f.visitAt !== null) p.set('visitAt', String(f.visitAt));
  const q = p.toString();
  return q ? `&${q}` : '';
};

/** The pick sheet of any selection of machines (D82), to capacity or to par (D95). */
export const pickSheetQuery = (s: PickSelection, f?: SheetFill | null) =>
  queryOptions({
    queryKey: ['planning', 'sheet', selectionSearch(s) + fillSearch(f)],
    queryFn: () => fetchJson<PickSheet>(`/api/v1/pick-lists?${selectionSearch(s)}${fillSearch(f)}`),
    refetchInterval: PLANNING_REFRESH_MS,
  });

export const pickSheetCsvUrl = (s: PickSelection, f?: SheetFill | null) =>
  `/api/v1/pick-lists/export?${selectionSearch(s)}${fillSearch(f)}`;

export interface RouteDayChoice {
  date: string;
  stops?: number;
  intervalDays: number;
}

export const routeDaySearch = (c: RouteDayChoice) =>
  new URLSearchParams({
    date: c.date,
    ...(c.stops === undefined ? {} : { stops: String(c.stops) }),
    intervalDays: String(c.intervalDays),
  }).toString();

/** A line's route day (D95): follows the stock like the line's ranking. */
export const routeDayQuery = (id: number, c: RouteDayChoice) =>
  queryOptions({
    queryKey: ['planning', 'routeDay', id, routeDaySearch(c)],
    queryFn: () => fetchJson<RouteDayAnswer>(`/api/v1/lines/${id}/route-day?${routeDaySearch(c)}`),
    refetchInterval: PLANNING_REFRESH_MS,
  });
