import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '@/db/client';
import type { AppConfig } from '@/lib/config';
import { safeNext } from '@/lib/edge/safe-next';
import { canonicalTarget, decodedPath } from '@/lib/edge/url';
import { getMapTiles, tileImageSource } from '@/lib/settings/map-tiles';
import { API_CSP, newNonce, pageCsp, securityHeaders } from './headers';
import { expectedOrigin, isStateChanging, sameOrigin } from './origin';
import { resolvePrincipal, type Principal } from './principal';
import { authorize, isApiPath } from './rules';

/** Headers only the gate may set; any a client sends are dropped. */
export const CLIENT_IP_HEADER = 'x-vf-client-ip';

/** Who the gate found each request it let through to be (the server's own reads use it). */
export const gatePrincipals = new WeakMap<IncomingMessage, Principal>();

export interface GateOptions {
  db: () => Db;
  config: AppConfig;
  dev: boolean;
}

export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') return forwarded.split(',')[0]!.trim();
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * The path as the rules see it: canonical (lib/edge/url.ts), each segment decoded, so an id
 * holding `/` (sent as `%2F`) is still one segment.
 */
export function normalisePath(url: string): string | null {
  const canonical = canonicalTarget(url);
  return canonical === null ? null : decodedPath(canonical);
}

function json(res: ServerResponse, status: number, code: string, message: string) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify({ error: { code, message } }));
}

/**
 * Runs before Next.js on every request that is not a push: sets the security headers, applies
 * the rule table (lib/auth/rules.ts) and the same-origin check. Returns true when it answered
 * the request itself; false when Next.js should handle it.
 */
export async function gate(
  req: IncomingMessage,
  res: ServerResponse,
  o: GateOptions,
): Promise<boolean> {
  delete req.headers[CLIENT_IP_HEADER];
  req.headers[CLIENT_IP_HEADER] = clientIp(req, o.config.TRUST_PROXY);
  const https = o.config.TRUST_PROXY && req.headers['x-forwarded-proto'] === 'https';
  for (const [k, v] of Object.entries(securityHeaders(https))) res.setHeader(k, v);

  const method = (req.method ?? 'GET').toUpperCase();
  const path = normalisePath(req.url ?? '/');
  if (path === null) {
    json(res, 400, 'BAD_REQUEST', 'the request path is not valid');
    return true;
  }
  const api = isApiPath(path);
  if (api) res.setHeader('Content-Security-Policy', API_CSP);
  else if (!path.startsWith('/_next/')) {
    const csp = pageCsp(newNonce(), o.dev, tileImageSource(await getMapTiles(o.db())));
    req.headers['content-security-policy'] = csp;
    res.setHeader('Content-Security-Policy', csp);
  }
  if (method === 'OPTIONS') return false;

  const first = authorize(method, path, null);
  if (first.allow && (first.access === 'platform' || first.access === 'public')) {
    if (first.access === 'public' && !checkOrigin(req, method, o)) {
      json(res, 403, 'CSRF', 'cross-site request refused');
      return true;
    }
    return false;
  }
  if (!first.allow && first.reason === 'method') {
    json(res, 405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}`);
    return true;
  }
  const principal = await resolvePrincipal(o.db(), {
    cookie: req.headers.cookie,
    authorization: req.headers.authorization,
  });
  if (principal?.kind === 'token' && !api) {
    json(res, 401, 'UNAUTHORIZED', 'API tokens open the API, not pages');
    return true;
  }
  const decision = authorize(method, path, principal);
  if (decision.allow) {
    if (principal?.kind !== 'token' && !checkOrigin(req, method, o)) {
      json(res, 403, 'CSRF', 'cross-site request refused: the Origin is not this site');
      return true;
    }
    if (principal) gatePrincipals.set(req, principal);
    return false;
  }
  if (decision.reason === 'unauthenticated') {
    if (api) json(res, 401, 'UNAUTHORIZED', 'sign in or send an API token');
    else {
      const next = encodeURIComponent(safeNext(req.url));
      res.statusCode = 303;
      res.setHeader('Location', `/login?next=${next}`);
      res.setHeader('Cache-Control', 'no-store');
      res.end();
    }
    return true;
  }
  if (api) {
    json(res, 403, 'FORBIDDEN', `your role (${principal!.role}) may not ${method} ${path}`);
    return true;
  }
  // A page this role may not see: Next.js renders the 403 page (app/forbidden) in the shell.
  req.url = '/forbidden';
  return false;
}

function checkOrigin(req: IncomingMessage, method: string, o: GateOptions): boolean {
  if (!isStateChanging(method)) return true;
  const h = {
    origin: req.headers.origin,
    secFetchSite: req.headers['sec-fetch-site'] as string | undefined,
    host: req.headers.host,
    forwardedProto: req.headers['x-forwarded-proto'] as string | undefined,
  };
  return sameOrigin(
    h,
    expectedOrigin(h, { appUrl: o.config.APP_URL, trustProxy: o.config.TRUST_PROXY }),
  );
}
