import { getDb } from '@/db/client';
import { ApiError } from '@/lib/api/errors';
import { positiveId } from '@/lib/api/params';
import { parseParam, route } from '@/lib/api/request';
import { lineDetail } from '@/lib/planning/plans';

/** A line: its figures, its sites in visiting order, its machines ranked by refill priority. */
export const GET = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  const { id } = await params;
  const lineId = parseParam(id, positiveId, 'line');
  const detail = lineDetail(getDb(), lineId);
  if (!detail) throw new ApiError('NOT_FOUND', `line ${lineId} does not exist`);
  return Response.json(detail);
});
