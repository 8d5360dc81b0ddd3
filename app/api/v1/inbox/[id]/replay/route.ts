import { getDb } from '@/lib/db';
import { ApiError } from '@/lib/edge/errors';
import { parseParam, route } from '@/lib/edge/request';
import { positiveId } from '@/lib/edge/params';
import { replayInbox } from '@/lib/ingest/push/receive';
import { audit } from '@/lib/admin/audit';

export const POST = route<{ params: Promise<{ id: string }> }>(
  async (_request, { params }, caller) => {
    const id = parseParam((await params).id, positiveId, 'inbox message');
    const outcome = await replayInbox(getDb(), id);
    await audit(getDb(), caller, {
      action: 'inbox.replay',
      targetKind: 'inbox',
      targetId: id,
      after: outcome.ok
        ? { status: outcome.status, error: outcome.error }
        : { refused: outcome.message },
    });
    if (!outcome.ok)
      throw new ApiError(outcome.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'CONFLICT', outcome.message);
    return Response.json({ id, status: outcome.status, error: outcome.error });
  },
);
