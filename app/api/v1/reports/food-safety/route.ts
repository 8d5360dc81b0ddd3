import { parseQuery, route } from '@/lib/edge/request';
import { csvResponse } from '@/lib/edge/csv';
import { getI18n } from '@/lib/i18n/server';
import { readJsonResponse, readText } from '@/lib/reads';
import { assertFoodSafetyRange, foodSafetyQuerySchema } from '@/lib/reports/food-safety-read';

/**
 * The food-safety temperature record for local days `from`…`to` (D89), JSON or, with
 * `format=csv`, the CSV the page offers, headed in the reader's language. Both run on a reader
 * thread (D60); a range too long is refused before anything is read.
 */
export const GET = route(async (request) => {
  const { format, ...params } = parseQuery(request, foodSafetyQuerySchema);
  assertFoodSafetyRange(params);
  if (format === 'json') return readJsonResponse('foodSafety', params, request.signal);
  const { locale } = await getI18n();
  const { text } = await readText('foodSafetyCsv', { ...params, locale }, request.signal);
  return csvResponse(text, `food-safety-${params.from}-${params.to}.csv`);
});
