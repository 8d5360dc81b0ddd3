import { getDb } from '@/lib/db';
import { parseQuery, route } from '@/lib/edge/request';
import { deliveryLog, deliveryLogQuery } from '@/lib/notifications/log';

/** The delivery log: each message, its state, and every attempt with the channel's answer. */
export const GET = route(async (request) =>
  Response.json(await deliveryLog(getDb(), parseQuery(request, deliveryLogQuery))),
);
