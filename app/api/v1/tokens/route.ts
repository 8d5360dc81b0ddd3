import { getDb } from '@/lib/db';
import { listTokens } from '@/db/queries/auth';
import { parseBody, route } from '@/lib/edge/request';
import { createApiToken, tokenView } from '@/lib/auth/api-tokens';
import { newTokenBody } from '@/lib/auth/schemas';

export const GET = route(async () =>
  Response.json({ items: (await listTokens(getDb())).map(tokenView) }),
);

/** `{name, role, expiresInDays?}` → 201 with `token`, shown this once. */
export const POST = route(async (request, _ctx, caller) => {
  const body = await parseBody(request, newTokenBody);
  const expiresAt = body.expiresInDays
    ? Math.floor(Date.now() / 1000) + body.expiresInDays * 86400
    : undefined;
  const created = await createApiToken(getDb(), caller, {
    name: body.name,
    role: body.role,
    expiresAt,
  });
  return Response.json(created, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
