import { positiveId } from '@/lib/edge/params';
import { parseParam, route } from '@/lib/edge/request';
import { readJsonResponse } from '@/lib/reads';

/** A line: its figures, its sites in visiting order, its machines ranked by refill priority. */
export const GET = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const id = parseParam((await params).id, positiveId, 'line');
  return readJsonResponse('lineDetail', { id }, request.signal, `line ${id}`);
});
