import { getDb } from '@/lib/db';
import { route } from '@/lib/edge/request';
import { signOut } from '@/lib/auth/accounts';
import { clearedSessionCookie } from '@/lib/auth/cookie';

/** Ends this browser's session (if any) and clears its cookie. */
export const POST = route(async (request, _ctx, caller) => {
  await signOut(getDb(), caller.principal, caller.ip);
  return Response.json(
    { signedOut: true },
    { headers: { 'Set-Cookie': clearedSessionCookie(request), 'Cache-Control': 'no-store' } },
  );
});
