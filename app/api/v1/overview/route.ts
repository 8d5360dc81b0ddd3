import { getDb } from '@/db/client';
import { signedIn } from '@/lib/api/auth';
import { route } from '@/lib/api/request';
import { getConfig } from '@/lib/config';
import { overviewFor } from '@/lib/overview';

/** Fleet figures, today's sales against the same weekday last week, and the alert list. */
export const GET = route((_request, _ctx, caller) => {
  const role = signedIn(caller).role;
  return Response.json(overviewFor(getDb(), role, getConfig().FLEET_TIME_ZONE));
});
