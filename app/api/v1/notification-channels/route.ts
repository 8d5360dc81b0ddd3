import { getDb } from '@/lib/db';
import { parseBody, route } from '@/lib/edge/request';
import { getConfig } from '@/lib/config';
import { channelBody } from '@/lib/notifications/channels/config';
import { channelViews, createChannel } from '@/lib/notifications/channels/manage';

/** The channels in use, their secrets never shown (only a masked token, hosts, recipients). */
export const GET = route(async () =>
  Response.json(
    { items: await channelViews(getDb()), encryptionReady: Boolean(getConfig().APP_SECRET) },
    { headers: { 'Cache-Control': 'no-store' } },
  ),
);

/** Adds a channel; its URL, secret and SMTP password are stored encrypted. */
export const POST = route(async (request, _ctx, caller) => {
  const created = await createChannel(getDb(), caller, await parseBody(request, channelBody));
  return Response.json(created, { status: 201 });
});
