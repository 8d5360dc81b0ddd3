import { z } from 'zod';
import { getDb } from '@/lib/db';
import { ApiError } from '@/lib/edge/errors';
import { limit } from '@/lib/edge/params';
import { parseBody, parseQuery, route } from '@/lib/edge/request';
import { createRun, runDetail, runList } from '@/lib/planning/runs';
import { runBody } from '@/lib/planning/schemas';

const query = z.object({ limit: limit(200, 50) });

/** Refill runs, newest first, with how many of their machines are served. */
export const GET = route(async (request) => {
  const p = parseQuery(request, query);
  return Response.json(await runList(getDb(), p.limit));
});

/** Builds a run from `{assetIds, lineId?}` (visiting order as given); audited. */
export const POST = route(async (request, _ctx, caller) => {
  const input = await parseBody(request, runBody);
  const db = getDb();
  const outcome = await createRun(db, caller, input, Math.floor(Date.now() / 1000));
  if (!outcome.ok) throw new ApiError('UNPROCESSABLE', `${outcome.field}: ${outcome.message}`);
  return Response.json(await runDetail(db, outcome.id), { status: 201 });
});
