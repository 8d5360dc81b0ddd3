import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { TZDate } from '@date-fns/tz';
import { addDays, parse, startOfDay } from 'date-fns';
import type { VisitDetail, VisitItem } from './visits';
import { fetchJson } from '@/lib/edge/fetch-json';

export type { VisitDetail, VisitItem };

/** The visit list's filters as the URL holds them (dates are local yyyy-MM-dd). */
export interface VisitSearch {
  assetId?: string;
  lineName?: string;
  siteName?: string;
  from?: string;
  to?: string;
  verdict?: string;
  source?: string;
  reviewed?: string;
}

export const VISIT_FILTERS = [
  'assetId',
  'lineName',
  'siteName',
  'from',
  'to',
  'verdict',
  'source',
  'reviewed',
] as const satisfies readonly (keyof VisitSearch)[];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseVisitSearch(p: Record<string, string | string[] | undefined>): VisitSearch {
  const out: VisitSearch = {};
  for (const k of VISIT_FILTERS) {
    const v = p[k];
    const text = (Array.isArray(v) ? v[0] : v)?.trim();
    if (!text) continue;
    if ((k === 'from' || k === 'to') && !DATE.test(text)) continue;
    out[k] = text;
  }
  return out;
}

export function visitSearchParams(f: VisitSearch) {
  const out = new URLSearchParams();
  for (const k of VISIT_FILTERS) if (f[k]) out.set(k, f[k]);
  return out;
}

/** The API's query for the URL's filters: dates become the local day's first and last second. */
export function visitApiParams(f: VisitSearch, timeZone: string): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(visitSearchParams(f));
  const day = (d: string) => startOfDay(parse(d, 'yyyy-MM-dd', new TZDate(0, timeZone)));
  if (f.from) out.from = String(day(f.from).getTime() / 1000);
  if (f.to) out.to = String(addDays(day(f.to), 1).getTime() / 1000 - 1);
  return out;
}

export const visitsUrl = (p: Record<string, string>, extra: Record<string, string> = {}) =>
  `/api/v1/refills?${new URLSearchParams({ ...p, ...extra })}`;

export interface VisitPage {
  items: VisitItem[];
  nextOffset: number | null;
}

export const VISIT_PAGE = 100;

export const visitsQuery = (p: Record<string, string>) =>
  infiniteQueryOptions({
    queryKey: ['refill-visits', p],
    queryFn: ({ pageParam }) =>
      fetchJson<VisitPage>(visitsUrl(p, { limit: String(VISIT_PAGE), offset: String(pageParam) })),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextOffset ?? undefined,
    placeholderData: keepPreviousData,
  });

export const visitQuery = (id: number) =>
  queryOptions({
    queryKey: ['refill-visit', id],
    queryFn: () => fetchJson<VisitDetail>(`/api/v1/refills/${id}`),
  });
