import { getDb } from '@/lib/db';
import { ApiError } from '@/lib/edge/errors';
import { positiveId } from '@/lib/edge/params';
import { parseParam, route } from '@/lib/edge/request';
import { runDetail } from '@/lib/planning/runs';

/** A run: its machines in visiting order with when each was served, and its pick list. */
export const GET = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  const { id } = await params;
  const runId = parseParam(id, positiveId, 'run');
  const run = await runDetail(getDb(), runId);
  if (!run) throw new ApiError('NOT_FOUND', `run ${runId} does not exist`);
  return Response.json(run);
});
