import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { AlertDetail, AlertItem } from '@/db/queries/alerts';
import { fetchJson } from '@/lib/edge/fetch-json';

export type { AlertDetail, AlertItem };

/** The alert list's filters as the URL holds them (the API's names and values). */
export interface AlertSearch {
  state?: 'open' | 'acknowledged' | 'resolved';
  kind?: string;
  assetId?: string;
  line?: string;
  snoozed?: '1' | '0';
}

export const ALERT_FILTERS = ['state', 'kind', 'assetId', 'line', 'snoozed'] as const;
const STATES = new Set(['open', 'acknowledged', 'resolved']);

/** The URL's filters, dropping what the API would refuse (a bad link still opens the page). */
export function parseAlertSearch(p: Record<string, string | string[] | undefined>): AlertSearch {
  const get = (k: string) => {
    const v = p[k];
    return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
  };
  const out: AlertSearch = {};
  const state = get('state');
  if (state && STATES.has(state)) out.state = state as AlertSearch['state'];
  const kind = get('kind');
  if (kind && /^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(kind)) out.kind = kind;
  const assetId = get('assetId');
  if (assetId && assetId.length <= 64) out.assetId = assetId;
  const line = get('line');
  if (line && /^[1-9]\d{0,9}$/.test(line)) out.line = line;
  const snoozed = get('snoozed');
  if (snoozed === '1' || snoozed === '0') out.snoozed = snoozed;
  return out;
}

export function alertSearchParams(f: AlertSearch): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ALERT_FILTERS) if (f[k]) out[k] = f[k];
  return out;
}

export interface AlertPage {
  items: AlertItem[];
  nextCursor: string | null;
}

export const ALERT_PAGE = 50;

export const alertsQuery = (p: Record<string, string>) =>
  infiniteQueryOptions({
    queryKey: ['alerts', p],
    queryFn: ({ pageParam }) =>
      fetchJson<AlertPage>(
        `/api/v1/alerts?${new URLSearchParams({ ...p, limit: String(ALERT_PAGE), ...(pageParam ? { cursor: pageParam } : {}) })}`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

export const alertQuery = (id: number) =>
  queryOptions({
    queryKey: ['alert', id],
    queryFn: () => fetchJson<AlertDetail>(`/api/v1/alerts/${id}`),
    refetchInterval: 30_000,
  });

export const assigneesQuery = () =>
  queryOptions({
    queryKey: ['alert-assignees'],
    queryFn: () => fetchJson<{ items: { id: number; name: string }[] }>('/api/v1/alerts/assignees'),
    staleTime: 60_000,
  });
