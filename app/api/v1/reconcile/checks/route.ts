import { z } from 'zod';
import { getDb } from '@/lib/db';
import { latestChecks } from '@/db/queries/sync';
import { limit } from '@/lib/edge/params';
import { parseQuery, route } from '@/lib/edge/request';

const query = z.object({ limit: limit(30, 7) }).strict();

/** The latest completed reconciliations (the daily check), each with the machines that disagree. */
export const GET = route(async (request) => {
  const p = parseQuery(request, query);
  return Response.json({ items: await latestChecks(getDb(), p.limit) });
});
