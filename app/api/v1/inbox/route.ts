import { z } from 'zod';
import { parseQuery, route } from '@/lib/edge/request';
import { cursor, limit } from '@/lib/edge/params';
import { readJsonResponse } from '@/lib/reads';

const query = z.object({
  status: z.enum(['pending', 'processed', 'failed', 'rejected', 'unverified']).optional(),
  kind: z.enum(['device', 'trade', 'status', 'refill', 'pickup_check', 'pickup_use']).optional(),
  limit: limit(500, 100),
  cursor: cursor.optional(),
});

export const GET = route((request) => {
  const { cursor: before, ...p } = parseQuery(request, query);
  return readJsonResponse('inbox', { ...p, before }, request.signal);
});
