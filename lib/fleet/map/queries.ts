import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '@/lib/edge/fetch-json';
import type { MapTiles } from '@/lib/settings/map-tiles';

/** The map tile layer setting, as the settings page reads it (admins only). */
export const mapTilesQuery = () =>
  queryOptions({
    queryKey: ['settings', 'map-tiles'],
    queryFn: () => fetchJson<MapTiles>('/api/v1/settings/map-tiles'),
  });
