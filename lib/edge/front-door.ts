import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorCode } from '@/lib/edge/errors';
import { API_CSP, securityHeaders } from '@/lib/auth/headers';
import { authorize, isApiPath, ruleFor } from '@/lib/auth/rules';
import { rawErrorResponse, sendError } from './respond';
import { canonicalTarget, decodedPath, MAX_URL_BYTES } from './url';

/**
 * Node's limit on the request line and headers together (its default, 16 KiB, answered a
 * 16 KB URL with a bare 431 before any of our code ran). Raised so that a long URL reaches
 * the 414 below; beyond it the parser's refusal still gets the envelope (onClientError).
 */
export const MAX_HEADER_BYTES = 64 * 1024;

export interface FrontDoorOptions {
  trustProxy: boolean;
}

/** `%00` in the query: a NUL once decoded (a raw NUL never gets past Node's parser). */
const hasNul = (target: string) => {
  const q = target.indexOf('?');
  return q !== -1 && target.indexOf('%00', q) !== -1;
};

/** Immutable framework assets keep the framework's own caching; everything else is no-store. */
const cacheable = (path: string) => path.startsWith('/_next/static/') || path === '/icon.svg';

/** Clips what a client sent before it is echoed in a message. */
const shown = (path: string) => (path.length > 200 ? `${path.slice(0, 200)}…` : path);

/**
 * The first step of every request, the push receivers' fast path included (D63): the security
 * headers, `Cache-Control: no-store`, the request target made canonical (so the gate's rules
 * and Next.js see the same path), 414 for a URL over MAX_URL_BYTES, and for API paths the
 * envelope instead of Next's HTML 404 (no route) or a bare 405 (a method the route lacks).
 * Returns true when it answered the request itself.
 */
export function frontDoor(req: IncomingMessage, res: ServerResponse, o: FrontDoorOptions): boolean {
  const https = o.trustProxy && req.headers['x-forwarded-proto'] === 'https';
  for (const [k, v] of Object.entries(securityHeaders(https))) res.setHeader(k, v);
  const target = req.url ?? '/';
  const size = Buffer.byteLength(target);
  if (size > MAX_URL_BYTES) {
    sendError(res, 'URI_TOO_LONG', `the URL is ${size} bytes; at most ${MAX_URL_BYTES} are read`);
    return true;
  }
  const canonical = withoutApiTrailingSlash(canonicalTarget(target));
  const path = canonical === null ? null : decodedPath(canonical);
  if (canonical === null || path === null) {
    sendError(res, 'BAD_REQUEST', 'the request path is not a valid URL path');
    return true;
  }
  // PostgreSQL's text cannot hold U+0000, and no id, name or filter has one: refused here, for
  // pages and API alike, before a read fails on it (or a CSV export is cut off mid-stream).
  if (path.includes('\0') || hasNul(canonical)) {
    sendError(
      res,
      'BAD_REQUEST',
      'the request target contains U+0000 (NUL), which no path segment or parameter may hold',
    );
    return true;
  }
  if (canonical !== target) req.url = canonical;
  if (!cacheable(path)) res.setHeader('Cache-Control', 'no-store');
  if (!isApiPath(path)) return false;

  res.setHeader('Content-Security-Policy', API_CSP);
  const rule = ruleFor(path);
  // The rule table names every route (the access test fails for a route without a rule), so
  // a path only the admin-only fallback matches has no route.
  if (rule.path === '*') {
    sendError(res, 'NOT_FOUND', `no API route at ${shown(path)}`);
    return true;
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const decision = authorize(method, path, null);
  if (method !== 'OPTIONS' && !decision.allow && decision.reason === 'method') {
    const allowed = Object.keys(rule.methods);
    if (allowed.includes('GET')) allowed.push('HEAD');
    sendError(res, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${shown(path)}`, {
      Allow: allowed.join(', '),
    });
    return true;
  }
  return false;
}

interface ParserError extends Error {
  code?: string;
}

/**
 * Node's parser refused the bytes (headers over MAX_HEADER_BYTES, not HTTP, too slow): the
 * client gets the envelope with our headers instead of Node's bare status line.
 */
export function onClientError(err: ParserError, socket: Duplex) {
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [code, message]: [ErrorCode, string] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? ['HEADERS_TOO_LARGE', `the request line and headers exceed ${MAX_HEADER_BYTES} bytes`]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['REQUEST_TIMEOUT', 'the request did not arrive in time']
        : ['BAD_REQUEST', 'the request is not valid HTTP/1.1'];
  socket.end(rawErrorResponse(code, message));
}

/**
 * `/api/v1/machines/` (also what `/api/v1/machines/.` resolves to) is `/api/v1/machines`: an API
 * client is answered, not redirected (Next.js would answer 308 to the path without the slash).
 */
function withoutApiTrailingSlash(target: string | null): string | null {
  if (target === null || !target.startsWith('/api/')) return target;
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  if (!path.endsWith('/')) return target;
  return path.replace(/\/+$/, '') + (q === -1 ? '' : target.slice(q));
}
