import { getDb } from '@/lib/db';
import { positiveId } from '@/lib/edge/params';
import { parseParam, route } from '@/lib/edge/request';
import { revokeApiToken } from '@/lib/auth/api-tokens';

/** Revokes a token: the next request that sends it gets 401. */
export const DELETE = route<{ params: Promise<{ id: string }> }>(
  async (_request, { params }, caller) => {
    const id = parseParam((await params).id, positiveId, 'token');
    return Response.json(await revokeApiToken(getDb(), caller, id));
  },
);
