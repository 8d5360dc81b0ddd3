import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '@/lib/edge/fetch-json';
import type { machineList } from './machines';
import { canonicalFilter, filterToSearch, type MachineFilter } from './filter';

export type MachineListItem = Awaited<ReturnType<typeof machineList>>['items'][number];
export interface MachineList {
  items: MachineListItem[];
  total: number;
}

export type { MachineFilter } from './filter';

/** The most a page loads at once: the whole fleet, virtualised on the machine list. */
export const MACHINE_PAGE_LIMIT = 5000;

/**
 * The fleet list as the pages read it; the server prefetches the same key from the database.
 * The key holds the canonical filter, so `/` and an unfiltered `/machines` share one entry.
 */
export function machinesQuery(filter: MachineFilter) {
  const f = canonicalFilter(filter);
  const params = filterToSearch(f);
  params.set('limit', String(MACHINE_PAGE_LIMIT));
  return queryOptions({
    queryKey: ['machines', f],
    queryFn: () => fetchJson<MachineList>(`/api/v1/machines?${params}`),
    refetchInterval: 30_000,
  });
}
