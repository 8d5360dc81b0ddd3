import { z } from 'zod';
import { getDb } from '@/db/client';
import { inboxStatusCounts, listInbox } from '@/db/queries/inbox';
import { parseQuery, route } from '@/lib/api/request';
import { cursor, limit } from '@/lib/api/params';

const query = z.object({
  status: z.enum(['pending', 'processed', 'failed', 'rejected', 'unverified']).optional(),
  kind: z.enum(['device', 'trade', 'status', 'refill', 'pickup_check', 'pickup_use']).optional(),
  limit: limit(500, 100),
  cursor: cursor.optional(),
});

export const GET = route((request) => {
  const { cursor: before, ...p } = parseQuery(request, query);
  return Response.json({
    ...listInbox(getDb(), { ...p, before }),
    counts: inboxStatusCounts(getDb()),
  });
});
