import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { PickupCodeView } from './views';
import { fetchJson } from '@/lib/edge/fetch-json';

export type { PickupCodeView };
export interface PickupFilter {
  status?: string;
  assetId?: string;
}
export interface ThrottledMachine {
  assetId: string;
  throttledChecks: number;
  wrongCodes: number;
  firstThrottledAt: number;
  lastThrottledAt: number;
}

export function pickupFilterParams(f: PickupFilter) {
  const params = new URLSearchParams();
  if (f.status) params.set('status', f.status);
  if (f.assetId) params.set('assetId', f.assetId);
  return params;
}

export function pickupCodesQuery(f: PickupFilter) {
  return infiniteQueryOptions({
    queryKey: ['pickup-codes', f],
    queryFn: ({ pageParam }) => {
      const params = pickupFilterParams(f);
      params.set('limit', '200');
      if (pageParam) params.set('cursor', pageParam);
      return fetchJson<{ items: PickupCodeView[]; nextCursor: string | null }>(
        `/api/v1/pickup-codes?${params}`,
      );
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export const throttledQuery = () =>
  queryOptions({
    queryKey: ['pickup-throttled'],
    queryFn: () =>
      fetchJson<{ since: number; items: ThrottledMachine[] }>('/api/v1/pickup-codes/throttled'),
    refetchInterval: 60_000,
  });
