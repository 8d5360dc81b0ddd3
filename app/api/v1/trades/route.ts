import { parseQuery, route } from '@/lib/edge/request';
import { getConfig } from '@/lib/config';
import { csvResponse, csvTime } from '@/lib/edge/csv';
import { getI18n } from '@/lib/i18n/server';
import { readJsonResponse, readText } from '@/lib/reads';
import { assertExportBounded, tradeQuerySchema } from '@/lib/sales/trades/search';

/**
 * The trade search (D60, D80): exact order and trade numbers through their indexes, a machine,
 * a refill visit's window or a time range, and the filters no index answers (payment, goods,
 * states, refunds), a page at a time by cursor. `format=csv` is the whole selection, bounded
 * (31 days, or a number or visit), headed in the reader's language. Both run on a reader thread.
 */
export const GET = route(async (request) => {
  const { format, ...params } = parseQuery(request, tradeQuerySchema);
  if (format === 'json') return readJsonResponse('trades', params, request.signal);
  assertExportBounded(params);
  const { locale } = await getI18n();
  const { cursor: _c, limit: _l, ...search } = params;
  const { text } = await readText('tradesCsv', { ...search, limit: 1000, locale }, request.signal);
  const day = (s: number) => csvTime(s, getConfig().FLEET_TIME_ZONE, 'yyyy-MM-dd');
  const name =
    search.orderNo ?? search.tradeNo ?? (search.refillId ? `visit-${search.refillId}` : undefined);
  const range =
    search.startTime !== undefined && search.endTime !== undefined
      ? `${day(search.startTime)}-${day(search.endTime)}`
      : undefined;
  const safe = (name ?? range ?? 'selection').replace(/[^\w.-]/g, '_');
  return csvResponse(text, `trades-${safe}.csv`);
});
