import { z } from 'zod';
import { ApiError } from '@/lib/edge/errors';
import { parseParam, parseQuery, route } from '@/lib/edge/request';
import { positiveId } from '@/lib/edge/params';
import { csvResponse } from '@/lib/edge/csv';
import { getI18n } from '@/lib/i18n/server';
import { readJsonResponse, readText } from '@/lib/reads';

const query = z.object({ format: z.enum(['json', 'csv']).default('json') });

/** One visit in §8.1's shape, with its reconciliation against our trades and its reviews. */
export const GET = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const id = parseParam((await params).id, positiveId, 'refill settlement');
  const { format } = parseQuery(request, query);
  const missing = `refill settlement ${id}`;
  if (format === 'json') return readJsonResponse('visit', { id }, request.signal, missing);
  const { locale } = await getI18n();
  const { text, json } = await readText('visitCsv', { id, locale }, request.signal);
  if (json) throw new ApiError('NOT_FOUND', `${missing} does not exist`);
  return csvResponse(text, `refill-visit-${id}.csv`);
});
