import { parseQuery, route } from '@/lib/edge/request';
import { getConfig } from '@/lib/config';
import { csvResponse, csvTime } from '@/lib/edge/csv';
import { getI18n } from '@/lib/i18n/server';
import { readJsonResponse, readText } from '@/lib/reads';
import { reportQuerySchema, reportRead } from '@/lib/sales/filters';

/**
 * The statistics page's data for one set of filters: §5.1's totals, payment methods, a
 * timeline, top goods, machines (and what the filters can choose from). `format=csv` is the
 * CSV the page offers: the same figures. Both run on a reader thread (D60).
 */
export const GET = route(async (request) => {
  const { format, params } = reportRead(parseQuery(request, reportQuerySchema));
  if (format === 'json') return readJsonResponse('salesReport', params, request.signal);
  const { locale } = await getI18n();
  const { text } = await readText('salesReportCsv', { ...params, locale }, request.signal);
  const day = (s: number) => csvTime(s, getConfig().FLEET_TIME_ZONE, 'yyyy-MM-dd');
  const { startTime, endTime } = params.filters;
  return csvResponse(text, `sales-${day(startTime)}-${day(endTime)}.csv`);
});
