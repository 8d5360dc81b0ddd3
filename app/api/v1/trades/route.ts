import { z } from 'zod';
import { getDb } from '@/db/client';
import { listTrades } from '@/db/queries/trades';
import { parseQuery, route } from '@/lib/api/request';
import { cursor, epochSeconds, limit, optionalText } from '@/lib/api/params';
import { tradeView } from '@/lib/api/views';

const query = z.object({
  assetId: optionalText,
  startTime: epochSeconds.optional(),
  endTime: epochSeconds.optional(),
  payStyle: z.coerce.number().int().min(0).optional(),
  limit: limit(1000, 100),
  cursor: cursor.optional(),
});

export const GET = route((request) => {
  const p = parseQuery(request, query);
  const { items, nextCursor } = listTrades(getDb(), p);
  return Response.json({ items: items.map(tradeView), nextCursor });
});
