import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '@/lib/edge/fetch-json';
import type { Overview } from './overview';

export type { Overview, Alert, AlertKind } from './overview';

/** The overview as the page reads it; refreshes by itself every 30 s. */
export const overviewQuery = () =>
  queryOptions({
    queryKey: ['overview'],
    queryFn: () => fetchJson<Overview>('/api/v1/overview'),
    refetchInterval: 30_000,
  });
