import { z } from 'zod';
import { getDb } from '@/db/client';
import { listRefills } from '@/db/queries/refills';
import { parseQuery, route } from '@/lib/api/request';
import { limit, offset, optionalText } from '@/lib/api/params';

const query = z.object({ assetId: optionalText, limit: limit(1000, 100), offset });

export const GET = route((request) => {
  const p = parseQuery(request, query);
  return Response.json({ items: listRefills(getDb(), p) });
});
