import { parseQuery, route } from '@/lib/edge/request';
import { csvResponse } from '@/lib/edge/csv';
import { getI18n } from '@/lib/i18n/server';
import { readJsonResponse, readText } from '@/lib/reads';
import { visitListQuery } from '@/lib/refills/schemas';

/**
 * Refill visits (§8.1 settlements, pushed or recovered through §8.2), newest first, each with
 * what it reported, what our trades expected and the verdict. `format=csv` exports every
 * matching visit (up to MAX_VISIT_EXPORT) instead of one page.
 */
export const GET = route(async (request) => {
  const { limit, offset, format, ...filters } = parseQuery(request, visitListQuery);
  if (format === 'json')
    return readJsonResponse('visits', { filters, limit, offset }, request.signal);
  const { locale } = await getI18n();
  const { text } = await readText('visitsCsv', { filters, locale }, request.signal);
  return csvResponse(text, 'refill-visits.csv');
});
