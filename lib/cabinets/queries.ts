import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { CabinetOrderState } from './states';
import type { CabinetOrderView, CabinetView } from './views';
import { fetchJson } from '@/lib/edge/fetch-json';

export type { CabinetOrderView, CabinetView };

export interface CabinetOrderFilter {
  machineId?: string;
  state?: string;
  from?: number;
  to?: number;
}

/** The review queue: orders waiting on an operator. */
export const REVIEW_STATE_LIST = [
  'needs_review',
  'payment_failed',
] as const satisfies readonly CabinetOrderState[];
export const REVIEW_STATES = REVIEW_STATE_LIST.join(',');
/** Orders a page: the pages' server prefetch and the browser's further pages alike. */
export const CABINET_ORDERS_PAGE = 100;

export function cabinetOrderParams(f: CabinetOrderFilter) {
  const params = new URLSearchParams();
  if (f.machineId) params.set('machineId', f.machineId);
  if (f.state) params.set('state', f.state);
  if (f.from !== undefined) params.set('from', String(f.from));
  if (f.to !== undefined) params.set('to', String(f.to));
  return params;
}

export const cabinetsQuery = () =>
  queryOptions({
    queryKey: ['cabinets'],
    queryFn: () => fetchJson<{ items: CabinetView[] }>('/api/v1/cabinets'),
    refetchInterval: 60_000,
  });

export const cabinetQuery = (machineId: string) =>
  queryOptions({
    queryKey: ['cabinets', machineId],
    queryFn: () => fetchJson<CabinetView>(`/api/v1/cabinets/${encodeURIComponent(machineId)}`),
  });

/** Newest first, a page at a time ("load more" follows `nextCursor`). */
export const cabinetOrdersQuery = (f: CabinetOrderFilter) =>
  infiniteQueryOptions({
    queryKey: ['cabinet-orders', f],
    queryFn: ({ pageParam }) => {
      const params = cabinetOrderParams(f);
      params.set('limit', String(CABINET_ORDERS_PAGE));
      if (pageParam) params.set('cursor', pageParam);
      return fetchJson<{ items: CabinetOrderView[]; nextCursor: string | null }>(
        `/api/v1/cabinet-orders?${params}`,
      );
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 15_000,
  });

export const cabinetOrderQuery = (orderId: string) =>
  queryOptions({
    queryKey: ['cabinet-orders', 'one', orderId],
    queryFn: () =>
      fetchJson<CabinetOrderView>(`/api/v1/cabinet-orders/${encodeURIComponent(orderId)}`),
    refetchInterval: 5_000,
  });
