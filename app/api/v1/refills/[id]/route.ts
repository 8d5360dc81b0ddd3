import { getDb } from '@/db/client';
import { getRefill } from '@/db/queries/refills';
import { ApiError } from '@/lib/api/errors';
import { parseParam, route } from '@/lib/api/request';
import { positiveId } from '@/lib/api/params';
import { refillView } from '@/lib/refills';

export const GET = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  const raw = (await params).id;
  const id = parseParam(raw, positiveId, 'refill settlement');
  const refill = getRefill(getDb(), id);
  if (!refill) throw new ApiError('NOT_FOUND', `refill settlement ${id} does not exist`);
  return Response.json(refillView(refill));
});
