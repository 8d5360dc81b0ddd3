import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import type { LineDetail, LinesOverview, SitesOverview } from './planning/plans';
import type { PickSelection, PickSheet } from './planning/pick-sheet';
import type { RunDetail, RunList } from './planning/runs';

export type {
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

/** The pick sheet of any selection of machines (D82). */
export const pickSheetQuery = (s: PickSelection) =>
  queryOptions({
    queryKey: ['planning', 'sheet', selectionSearch(s)],
    queryFn: () => fetchJson<PickSheet>(`/api/v1/pick-lists?${selectionSearch(s)}`),
    refetchInterval: PLANNING_REFRESH_MS,
  });

export const pickSheetCsvUrl = (s: PickSelection) =>
  `/api/v1/pick-lists/export?${selectionSearch(s)}`;
