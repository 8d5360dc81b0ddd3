import { infiniteQueryOptions, keepPreviousData } from '@tanstack/react-query';
import { fetchJson } from '@/lib/edge/fetch-json';
import type { TradeListItem } from './read';

export type { TradeListItem };

/**
 * The trades page's filters as its URL holds them (other pages link here with them):
 * `from`/`to` are epoch seconds, `refunds=1` only refunds, `refillId` a visit's window.
 */
export const TRADE_FILTERS = [
  'assetId',
  'orderNo',
  'tradeNo',
  'goodsId',
  'payStyle',
  'payStatus',
  'delivery',
  'refundStatus',
  'refunds',
  'from',
  'to',
  'refillId',
] as const;
export type TradeFilter = (typeof TRADE_FILTERS)[number];
export type TradeSearch = Partial<Record<TradeFilter, string>>;

const NUMERIC = new Set<TradeFilter>([
  'payStyle',
  'payStatus',
  'refundStatus',
  'from',
  'to',
  'refillId',
]);

/** The URL's filters; values that could not be one are dropped (the API would refuse them). */
export function parseTradeSearch(p: Record<string, string | string[] | undefined>): TradeSearch {
  const out: TradeSearch = {};
  for (const k of TRADE_FILTERS) {
    const v = p[k];
    const text = (Array.isArray(v) ? v[0] : v)?.trim();
    if (!text || text.length > 64) continue;
    if (NUMERIC.has(k) && !/^\d{1,11}$/.test(text)) continue;
    if (k === 'refunds' && text !== '1') continue;
    out[k] = text;
  }
  return out;
}

export function tradeSearchParams(f: TradeSearch) {
  const out = new URLSearchParams();
  for (const k of TRADE_FILTERS) if (f[k]) out.set(k, f[k]);
  return out;
}

/** The API's query for the page's filters: newest first. */
export function tradeApiParams(f: TradeSearch): Record<string, string> {
  const { from, to, ...rest } = f;
  const out: Record<string, string> = { order: 'desc' };
  for (const [k, v] of Object.entries(rest)) if (v) out[k] = v;
  if (from) out.startTime = from;
  if (to) out.endTime = to;
  return out;
}

/** Whether the API would give this selection as CSV (D80: a number, a visit or ≤ 31 days). */
export function exportAllowed(f: TradeSearch) {
  if (f.orderNo || f.tradeNo || f.refillId) return true;
  if (!f.from || !f.to) return false;
  const span = Number(f.to) - Number(f.from);
  return span >= 0 && span < 31 * 86_400;
}

export const tradesUrl = (p: Record<string, string>, extra: Record<string, string> = {}) =>
  `/api/v1/trades?${new URLSearchParams({ ...p, ...extra })}`;

export interface TradePage {
  items: TradeListItem[];
  nextCursor: string | null;
}

export const TRADE_PAGE = 50;

export const tradesQuery = (p: Record<string, string>) =>
  infiniteQueryOptions({
    queryKey: ['trade-search', p],
    queryFn: ({ pageParam }) =>
      fetchJson<TradePage>(
        tradesUrl(p, {
          limit: String(TRADE_PAGE),
          ...(pageParam ? { cursor: pageParam } : {}),
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
