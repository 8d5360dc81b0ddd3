import { getDb } from '@/db/client';
import { positiveId } from '@/lib/api/params';
import { parseParam, route } from '@/lib/api/request';
import { removeCredential } from '@/lib/settings/platform-credentials';

export const DELETE = route<{ params: Promise<{ id: string }> }>(
  async (_request, { params }, caller) => {
    const id = parseParam((await params).id, positiveId, 'credential');
    return Response.json(removeCredential(getDb(), caller, id));
  },
);
