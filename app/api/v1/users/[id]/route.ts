import { getDb } from '@/lib/db';
import { positiveId } from '@/lib/edge/params';
import { parseBody, parseParam, route } from '@/lib/edge/request';
import { changeUser } from '@/lib/auth/accounts';
import { userChangeBody } from '@/lib/auth/schemas';

/** `{name?, role?, disabled?, password?}`: edit, disable/enable, reset the password. */
export const PATCH = route<{ params: Promise<{ id: string }> }>(
  async (request, { params }, caller) => {
    const id = parseParam((await params).id, positiveId, 'user');
    return Response.json(
      await changeUser(getDb(), caller, id, await parseBody(request, userChangeBody)),
    );
  },
);
