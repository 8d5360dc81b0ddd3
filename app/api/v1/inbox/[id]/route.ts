import { getDb } from '@/lib/db';
import { getInbox } from '@/db/queries/inbox';
import { ApiError } from '@/lib/edge/errors';
import { positiveId } from '@/lib/edge/params';
import { parseParam, route } from '@/lib/edge/request';

/** One received message with its raw body, exactly as it arrived. */
export const GET = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  const id = parseParam((await params).id, positiveId, 'inbox message');
  const row = await getInbox(getDb(), id);
  if (!row) throw new ApiError('NOT_FOUND', `inbox message ${id} does not exist`);
  return Response.json(row);
});
