import { queryOptions } from '@tanstack/react-query';
import type { CabinetOrderView, CabinetView } from './cabinets/views';
import { fetchJson } from './fetch-json';

export type { CabinetOrderView, CabinetView };

export interface CabinetOrderFilter {
  machineId?: string;
  state?: string;
  from?: number;
  to?: number;
}

export const REVIEW_STATES = 'needs_review,payment_failed';

export function cabinetOrderParams(f: CabinetOrderFilter) {
  const params = new URLSearchParams();
  if (f.machineId) params.set('machineId', f.machineId);
  if (f.state) params.set('state', f.state);
  if (f.from !== undefined) params.set('from', String(f.from));
  if (f.to !== undefined) params.set('to', String(f.to));
  params.set('limit', '100');
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

export const cabinetOrdersQuery = (f: CabinetOrderFilter) =>
  queryOptions({
    queryKey: ['cabinet-orders', f],
    queryFn: () =>
      fetchJson<{ items: CabinetOrderView[]; nextCursor: string | null }>(
        `/api/v1/cabinet-orders?${cabinetOrderParams(f)}`,
      ),
    refetchInterval: 15_000,
  });

export const cabinetOrderQuery = (orderId: string) =>
  queryOptions({
    queryKey: ['cabinet-orders', 'one', orderId],
    queryFn: () =>
      fetchJson<CabinetOrderView>(`/api/v1/cabinet-orders/${encodeURIComponent(orderId)}`),
    refetchInterval: 5_000,
  });
