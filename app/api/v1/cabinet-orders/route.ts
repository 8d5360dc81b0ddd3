import { getDb } from '@/lib/db';
import { expectedOrigin } from '@/lib/auth/origin';
import { getConfig } from '@/lib/config';
import { parseBody, parseQuery, route } from '@/lib/edge/request';
import { openCabinetDoor } from '@/lib/cabinets/actions';
import { cabinetOrdersPage } from '@/lib/cabinets/read';
import { listOrdersQuery, openDoorSchema } from '@/lib/cabinets/schemas';

export const GET = route(async (request) => {
  const p = parseQuery(request, listOrdersQuery);
  return Response.json(await cabinetOrdersPage(getDb(), { ...p, states: p.state }));
});

/** Opens a cabinet door for a purchase or a restock (§5/§6); the callbacks do the rest. */
export const POST = route(async (request, _ctx, caller) => {
  const input = await parseBody(request, openDoorSchema);
  // NotifyUrl base: APP_URL when set, else the origin this request came to (lib/auth/origin).
  const c = getConfig();
  const origin =
    expectedOrigin(
      {
        host: request.headers.get('host'),
        forwardedProto: request.headers.get('x-forwarded-proto'),
      },
      { appUrl: c.APP_URL, trustProxy: c.TRUST_PROXY },
    ) ?? new URL(request.url).origin;
  const result = await openCabinetDoor(getDb(), caller, input, origin);
  return Response.json(result, { status: 201 });
});
