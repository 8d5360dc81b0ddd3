import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '@/lib/edge/fetch-json';
import type { BackupsView } from './view';

/** The backups panel of Settings: the last ones and the last good one's age (admins only). */
export const backupsQuery = () =>
  queryOptions({
    queryKey: ['backups'],
    queryFn: () => fetchJson<BackupsView>('/api/v1/backups?limit=10'),
    refetchInterval: 60_000,
  });
