import { z } from 'zod';
import { getDb } from '@/lib/db';
import { listThrottledMachines } from '@/db/queries/pickup';
import { parseQuery, route } from '@/lib/edge/request';
import { epochSeconds, limit } from '@/lib/edge/params';

const query = z.object({ since: epochSeconds.optional(), limit: limit(1000, 100) });

/** Machines whose pickup-code checks were throttled (default: in the last 24 hours). */
export const GET = route(async (request) => {
  const p = parseQuery(request, query);
  const since = p.since ?? Math.floor(Date.now() / 1000) - 86_400;
  return Response.json({
    since,
    items: await listThrottledMachines(getDb(), { since, limit: p.limit }),
  });
});
