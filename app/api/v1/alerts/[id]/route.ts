import { parseParam, route } from '@/lib/edge/request';
import { positiveId } from '@/lib/edge/params';
import { readJsonResponse } from '@/lib/reads';

/** One alert with its timeline and the messages sent about it (channel, state, answers). */
export const GET = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const id = parseParam((await params).id, positiveId, 'alert');
  return readJsonResponse('alert', { id }, request.signal, `alert ${id}`);
});
