import 'server-only';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ruleFor } from '@/lib/auth/rules';
import { requestLog } from './log';
import { observeRequest } from './metrics';

/**
 * One JSON line per request and its latency in the metrics (D90). The request id is the
 * client's X-Request-Id when it is a sane token (a proxy's or the platform's own id, so a
 * trace crosses both logs), else a new UUID; it is returned as X-Request-Id. The line names the
 * route by its access rule (`/api/saas/callback/:orderId/:token`), never the URL, whose path or
 * query may hold a token; it never holds a header or a body.
 */
const SANE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
}

function routeOf(url: string | undefined): string {
  if (!url || url.length > 2048) return 'other';
  const q = url.indexOf('?');
  return ruleFor(q === -1 ? url : url.slice(0, q)).path;
}

export interface RequestLogOptions {
  /** LOG_REQUESTS=off: no line per request (the metrics stay). */
  logRequests: boolean;
}

/**
 * Starts tracking a request: sets X-Request-Id, and when the response ends, logs the line and
 * observes the latency. Probes (/healthz, /readyz, /metrics) log at debug: a load balancer
 * asks every few seconds. Pushes have their own histogram (vending_push_ingest_seconds).
 */
export function trackRequest(req: IncomingMessage, res: ServerResponse, o: RequestLogOptions) {
  const started = performance.now();
  const id = requestIdOf(req);
  res.setHeader('X-Request-Id', id);
  res.once('close', () => {
    const ms = performance.now() - started;
    const route = routeOf(req.url);
    const method = METHODS.has(req.method ?? '') ? req.method! : 'other';
    const status = res.writableFinished ? res.statusCode : 499; // 499: the client went away
    if (!route.startsWith('/api/notify/')) observeRequest(route, method, status, ms / 1000);
    if (!o.logRequests) return;
    const probe = route === '/healthz' || route === '/readyz' || route === '/metrics';
    const line = { reqId: id, method, route, status, ms: Math.round(ms * 10) / 10 };
    if (probe) requestLog().debug(line, 'request');
    else requestLog().info(line, 'request');
  });
  return id;
}
