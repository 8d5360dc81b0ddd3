import { getDb } from '@/lib/db';
import { parseBody, route } from '@/lib/edge/request';
import { signIn } from '@/lib/auth/accounts';
import { sessionCookie } from '@/lib/auth/cookie';
import { loginBody } from '@/lib/auth/schemas';
import { getConfig } from '@/lib/config';

/** `{email, password}` → 200 with the session cookie, 401 wrong, 429 throttled. */
export const POST = route(async (request, _ctx, caller) => {
  const body = await parseBody(request, loginBody);
  const session = await signIn(getDb(), {
    ...body,
    ip: caller.ip ?? 'unknown',
    userAgent: request.headers.get('user-agent'),
    ttlHours: getConfig().SESSION_TTL_HOURS,
  });
  return Response.json(
    { user: session.user, expiresAt: session.expiresAt },
    {
      headers: {
        'Set-Cookie': sessionCookie(request, session.token, session.expiresAt),
        'Cache-Control': 'no-store',
      },
    },
  );
});
