import { getDb } from '@/lib/db';
import { positiveId } from '@/lib/edge/params';
import { parseBody, parseParam, route } from '@/lib/edge/request';
import { signFormBody } from '@/lib/auth/schemas';
import { removeCredential, setSignForm } from '@/lib/settings/platform-credentials';

export const DELETE = route<{ params: Promise<{ id: string }> }>(
  async (_request, { params }, caller) => {
    const id = parseParam((await params).id, positiveId, 'credential');
    return Response.json(await removeCredential(getDb(), caller, id));
  },
);

/** `{signMode}`: sign with this form from now on (after a connection test found it; D70). */
export const PATCH = route<{ params: Promise<{ id: string }> }>(
  async (request, { params }, caller) => {
    const { signMode } = await parseBody(request, signFormBody);
    return Response.json(await setSignForm(getDb(), caller, (await params).id, signMode));
  },
);
