import { z } from 'zod';
import { getDb } from '@/db/client';
import { ApiError } from '@/lib/api/errors';
import { parseParam, parseQuery, route } from '@/lib/api/request';
import { positiveId } from '@/lib/api/params';
import { getConfig } from '@/lib/config';
import { csvResponse } from '@/lib/csv';
import { getI18n } from '@/lib/i18n/server';
import { visitCsv } from '@/lib/refills/csv';
import { visitDetail } from '@/lib/refills/visits';
import type { Translate } from '@/lib/sales/csv';

const query = z.object({ format: z.enum(['json', 'csv']).default('json') });

/** One visit in §8.1's shape, with its reconciliation against our trades and its reviews. */
export const GET = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const id = parseParam((await params).id, positiveId, 'refill settlement');
  const { format } = parseQuery(request, query);
  const visit = visitDetail(getDb(), id);
  if (!visit) throw new ApiError('NOT_FOUND', `refill settlement ${id} does not exist`);
  if (format === 'json') return Response.json(visit);
  const { t } = await getI18n();
  const tz = getConfig().FLEET_TIME_ZONE;
  return csvResponse(visitCsv(visit, t as unknown as Translate, tz), `refill-visit-${id}.csv`);
});
