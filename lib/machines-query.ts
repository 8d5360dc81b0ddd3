import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import type { machineListItem } from './api/views';

export type MachineListItem = ReturnType<typeof machineListItem>;
export interface MachineList {
  items: MachineListItem[];
  total: number;
}

export interface MachineListFilter {
  q?: string;
}

/** The fleet list as the pages read it; the server prefetches the same key from the database. */
export function machinesQuery(filter: MachineListFilter) {
  const params = new URLSearchParams({ limit: '5000' });
  if (filter.q) params.set('q', filter.q);
  return queryOptions({
    queryKey: ['machines', filter],
    queryFn: () => fetchJson<MachineList>(`/api/v1/machines?${params}`),
    refetchInterval: 30_000,
  });
}
