import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { fetchJson } from '@/lib/edge/fetch-json';
import type { machineDetail } from './machines';
import type { MachineTemperatures } from './temperatures';
import type { tradeView } from './views';

export type MachineDetail = NonNullable<Awaited<ReturnType<typeof machineDetail>>>;
export type MachineShelf = MachineDetail['containers'][number]['shelves'][number];
export type { MachineTemperatures };
export type TradeItem = Awaited<ReturnType<typeof tradeView>>;
export interface TradePage {
  items: TradeItem[];
  nextCursor: string | null;
}

/** How often an open machine page asks again: operations keep it open on a wall screen. */
export const MACHINE_REFRESH_MS = 10_000;
const SLOW_REFRESH_MS = 30_000;

export const RANGE_PRESETS = {
  '6h': 6 * 3600,
  '24h': 86_400,
  '7d': 7 * 86_400,
  '30d': 30 * 86_400,
};
export type RangePreset = keyof typeof RANGE_PRESETS;
export const DEFAULT_PRESET: RangePreset = '24h';
/** The recent-trades window (the section's caption says 7 days). */
export const TRADE_WINDOW_SECONDS = 7 * 86_400;
export const TRADE_LIMIT = 1000;

const path = (assetId: string) => `/api/v1/machines/${encodeURIComponent(assetId)}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Planogram, status, stock, history: the page's main query; the server prefetches it. */
export function machineQuery(assetId: string) {
  return queryOptions({
    queryKey: ['machine', assetId],
    queryFn: () => fetchJson<MachineDetail>(path(assetId)),
    refetchInterval: MACHINE_REFRESH_MS,
  });
}

/** The range ending now: the key holds the preset, so the server's prefetch is reused. */
export function temperatureRange(preset: RangePreset, now = nowSeconds()) {
  return { from: now - RANGE_PRESETS[preset], to: now };
}

export function machineTemperaturesQuery(assetId: string, preset: RangePreset) {
  return queryOptions({
    queryKey: ['machine', assetId, 'temperatures', preset],
    queryFn: () => {
      const { from, to } = temperatureRange(preset);
      return fetchJson<MachineTemperatures>(`${path(assetId)}/temperatures?from=${from}&to=${to}`);
    },
    refetchInterval: SLOW_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export const tradeWindowStart = (now = nowSeconds()) => now - TRADE_WINDOW_SECONDS;

/** The machine's trades of the last 7 days (roles that may see money only). */
export function machineTradesQuery(assetId: string) {
  return queryOptions({
    queryKey: ['machine', assetId, 'trades'],
    queryFn: () => {
      const params = new URLSearchParams({
        assetId,
        startTime: String(tradeWindowStart()),
        limit: String(TRADE_LIMIT),
      });
      return fetchJson<TradePage>(`/api/v1/trades?${params}`);
    },
    refetchInterval: SLOW_REFRESH_MS,
  });
}
