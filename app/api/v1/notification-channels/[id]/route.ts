import { getDb } from '@/lib/db';
import { positiveId } from '@/lib/edge/params';
import { parseParam, route } from '@/lib/edge/request';
import { deleteChannel } from '@/lib/notifications/channels/manage';

/** Deletes a channel (kept for the deliveries that name it); nothing is sent on it again. */
export const DELETE = route<{ params: Promise<{ id: string }> }>(
  async (_request, { params }, caller) => {
    const id = parseParam((await params).id, positiveId, 'notification channel');
    return Response.json(await deleteChannel(getDb(), caller, id));
  },
);
