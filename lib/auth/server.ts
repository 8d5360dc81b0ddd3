import 'server-only';
import { cache } from 'react';
import { cookies } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { getDb } from '@/lib/db';
import { resolvePrincipal, SESSION_COOKIE, type Principal } from './principal';
import { authorize } from './rules';

/** The signed-in user of this page request (pages never accept API tokens). */
export const currentPrincipal = cache(async (): Promise<Principal | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return token ? await resolvePrincipal(getDb(), { cookie: `${SESSION_COOKIE}=${token}` }) : null;
});

/**
 * A page's own check against the rule table (the server's gate has applied it already, but a
 * page does not rely on that): sign-in page when nobody is signed in, 403 when the role may not.
 */
export async function requirePage(path: string): Promise<Principal> {
  const principal = await currentPrincipal();
  const decision = authorize('GET', path, principal);
  if (!decision.allow) {
    if (decision.reason === 'unauthenticated') redirect(`/login?next=${encodeURIComponent(path)}`);
    forbidden();
  }
  return principal!;
}
