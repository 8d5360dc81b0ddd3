import { z } from 'zod';
import { parseQuery, route } from '@/lib/api/request';
import { cursor, epochSeconds, limit, optionalText } from '@/lib/api/params';
import { readJsonResponse } from '@/lib/reads';

const query = z.object({
  assetId: optionalText,
  startTime: epochSeconds.optional(),
  endTime: epochSeconds.optional(),
  payStyle: z.coerce.number().int().min(0).optional(),
  limit: limit(1000, 100),
  cursor: cursor.optional(),
});

export const GET = route((request) =>
  readJsonResponse('trades', parseQuery(request, query), request.signal),
);
