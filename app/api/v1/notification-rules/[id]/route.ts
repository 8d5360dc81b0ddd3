import { getDb } from '@/lib/db';
import { positiveId } from '@/lib/edge/params';
import { parseParam, route } from '@/lib/edge/request';
import { removeRule } from '@/lib/notifications/rules';

/** Deletes a rule (kept for its deliveries' sake): alerts from now on no longer follow it. */
export const DELETE = route<{ params: Promise<{ id: string }> }>(
  async (_request, { params }, caller) => {
    const id = parseParam((await params).id, positiveId, 'rule');
    return Response.json(await removeRule(getDb(), caller, id, Math.floor(Date.now() / 1000)));
  },
);
