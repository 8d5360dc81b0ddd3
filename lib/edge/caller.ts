import 'server-only';
import { getDb } from '@/lib/db';
import { CLIENT_IP_HEADER } from '@/lib/auth/gate';
import { expectedOrigin, isStateChanging, sameOrigin } from '@/lib/auth/origin';
import { resolvePrincipal, type Principal } from '@/lib/auth/principal';
import { authorize } from '@/lib/auth/rules';
import { getConfig } from '@/lib/config';
import { ApiError } from './errors';

export interface Caller {
  principal: Principal | null;
  ip: string | null;
}

/**
 * The rule table applied inside a route handler: the server's gate has already done this, but
 * a handler never trusts that it ran (e.g. under `next start`), and it needs the caller anyway
 * for the audit log.
 */
export async function authorizeRequest(request: Request): Promise<Caller> {
  const url = new URL(request.url);
  const h = request.headers;
  const ip = h.get(CLIENT_IP_HEADER);
  const first = authorize(request.method, url.pathname, null);
  if (first.allow && first.access === 'platform') return { principal: null, ip };
  const principal = await resolvePrincipal(getDb(), {
    cookie: h.get('cookie'),
    authorization: h.get('authorization'),
  });
  const decision = authorize(request.method, url.pathname, principal);
  if (!decision.allow) {
    if (decision.reason === 'unauthenticated')
      throw new ApiError('UNAUTHORIZED', 'sign in or send an API token');
    if (decision.reason === 'method')
      throw new ApiError('METHOD_NOT_ALLOWED', `${request.method} is not allowed here`);
    throw new ApiError(
      'FORBIDDEN',
      `your role (${principal!.role}) may not ${request.method} ${url.pathname}`,
    );
  }
  if (principal?.kind !== 'token' && isStateChanging(request.method)) {
    const o = {
      origin: h.get('origin'),
      secFetchSite: h.get('sec-fetch-site'),
      host: h.get('host'),
      forwardedProto: h.get('x-forwarded-proto'),
    };
    const c = getConfig();
    if (!sameOrigin(o, expectedOrigin(o, { appUrl: c.APP_URL, trustProxy: c.TRUST_PROXY })))
      throw new ApiError('CSRF', 'cross-site request refused: the Origin is not this site');
  }
  return { principal, ip };
}

/** The caller of a route whose rule requires sign-in. */
export function signedIn(caller: Caller): Principal {
  if (!caller.principal) throw new ApiError('UNAUTHORIZED', 'sign in or send an API token');
  return caller.principal;
}
