import { getDb } from '@/lib/db';
import { parseBody, route } from '@/lib/edge/request';
import { clientSettingsBody } from '@/lib/auth/schemas';
import { saveDoorOpen } from '@/lib/settings/clients';

/** `{doorOpen: 0 | 1}`: which `doorState` value means open on this client's platform (D70). */
export const PUT = route<{ params: Promise<{ clientId: string }> }>(
  async (request, { params }, caller) => {
    const { clientId } = await params;
    const { doorOpen } = await parseBody(request, clientSettingsBody);
    return Response.json(await saveDoorOpen(getDb(), caller, clientId, doorOpen));
  },
);
