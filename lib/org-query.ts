import { queryOptions } from '@tanstack/react-query';
import type { listLines, listSites } from '@/db/queries/org';
import { fetchJson } from './fetch-json';

export type LineItem = ReturnType<typeof listLines>[number];
export type SiteItem = ReturnType<typeof listSites>[number];

/** Lines and sites change rarely: the filters' options, kept for five minutes. */
const ORG_STALE_MS = 5 * 60_000;

export const linesQuery = () =>
  queryOptions({
    queryKey: ['lines'],
    queryFn: () => fetchJson<{ items: LineItem[] }>('/api/v1/lines'),
    staleTime: ORG_STALE_MS,
  });

export const sitesQuery = () =>
  queryOptions({
    queryKey: ['sites'],
    queryFn: () => fetchJson<{ items: SiteItem[] }>('/api/v1/sites'),
    staleTime: ORG_STALE_MS,
  });
