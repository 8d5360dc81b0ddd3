import { getDb } from '@/lib/db';
import { positiveId } from '@/lib/edge/params';
import { parseBody, parseParam, route } from '@/lib/edge/request';
import { testBody, testChannel } from '@/lib/notifications/channels/manage';

/** `{language?}` → sends a test message now; 200 with the channel's `{ok, status, answer}`. */
export const POST = route<{ params: Promise<{ id: string }> }>(
  async (request, { params }, caller) => {
    const id = parseParam((await params).id, positiveId, 'notification channel');
    const { language } = await parseBody(request, testBody);
    return Response.json(await testChannel(getDb(), caller, id, language));
  },
);
