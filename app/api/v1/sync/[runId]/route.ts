import { getDb } from '@/lib/db';
import { getRun } from '@/db/queries/sync';
import { ApiError } from '@/lib/edge/errors';
import { positiveId } from '@/lib/edge/params';
import { parseParam, route } from '@/lib/edge/request';
import { syncRunView } from '@/lib/sync/views';

export const GET = route<{ params: Promise<{ runId: string }> }>(async (_request, { params }) => {
  const raw = (await params).runId;
  const id = parseParam(raw, positiveId, 'sync run');
  const run = await getRun(getDb(), id);
  if (!run) throw new ApiError('NOT_FOUND', `sync run ${raw} does not exist`);
  return Response.json(syncRunView(run));
});
