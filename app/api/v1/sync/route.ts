import { z } from 'zod';
import { getDb } from '@/lib/db';
import { listRuns } from '@/db/queries/sync';
import { inTransaction } from '@/db/prepared';
import { SYNC_JOBS } from '@/db/schema';
import { audit } from '@/lib/admin/audit';
import { positiveId, limit } from '@/lib/edge/params';
import { parseBody, parseQuery, route } from '@/lib/edge/request';
import { syncRequestSchema, withDefaults } from '@/lib/sync/request';
import { drain, queueRun } from '@/lib/sync/runner';
import { syncRunView } from '@/lib/sync/views';

const query = z
  .object({
    job: z.enum(SYNC_JOBS).optional(),
    limit: limit(200, 50),
    before: positiveId.optional(),
  })
  .strict();

/** The runs, newest first (`before` pages on by run id). */
export const GET = route(async (request) => {
  const p = parseQuery(request, query);
  const items = (await listRuns(getDb(), p)).map(syncRunView);
  return Response.json({
    items,
    nextBefore: items.length === p.limit ? items.at(-1)!.runId : null,
  });
});

/** Queues a run: 202 `{runId}`; it starts at once unless a run of that job is under way. */
export const POST = route(async (request, _ctx, caller) => {
  const input = await parseBody(request, syncRequestSchema);
  const db = getDb();
  const nowSec = Math.floor(Date.now() / 1000);
  const { job, ...rest } = input;
  const params = withDefaults(job, rest, nowSec);
  const runId = await inTransaction(db, async () => {
    const id = await queueRun(db, {
      job,
      params,
      trigger: caller.principal?.kind === 'token' ? 'api' : 'ui',
      requestedBy: caller.principal?.label,
    });
    await audit(db, caller, {
      action: 'sync.request',
      targetKind: 'sync_run',
      targetId: id,
      after: { job, ...params },
    });
    return id;
  });
  await drain(db);
  return Response.json({ runId }, { status: 202 });
});
