import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from '@/lib/edge/respond';
import { liveness, readiness, type Health, type ReadinessOptions } from './health';
import { scrape } from './metrics';

/**
 * /healthz, /readyz and /metrics, answered by server.ts before the gate and before Next.js
 * (D90): a load balancer's probe must not depend on a session, the framework, or a reader
 * thread. /metrics has its own authentication (below).
 */
export type OpsPath = 'healthz' | 'readyz' | 'metrics';
const PATHS = new Map<string, OpsPath>([
  ['/healthz', 'healthz'],
  ['/readyz', 'readyz'],
  ['/metrics', 'metrics'],
]);

export function opsPathOf(req: IncomingMessage): OpsPath | undefined {
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return PATHS.get(q === -1 ? url : url.slice(0, q));
}

export interface OpsOptions {
  readiness: () => ReadinessOptions;
  metricsToken: string | undefined;
  trustProxy: boolean;
}

function sendJson(res: ServerResponse, h: Health) {
  const json = JSON.stringify(h);
  res.writeHead(h.status === 'ok' ? 200 : 503, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(json)),
  });
  res.end(json);
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares digests, so neither the token's length nor its bytes leak through timing. */
function tokenMatches(header: string | undefined, token: string) {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m !== null && timingSafeEqual(digest(m[1]!), digest(token));
}

function isLoopback(address: string | undefined) {
  return (
    address !== undefined &&
    (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'))
  );
}

/** Who may read /metrics: its token's bearer, or with no token set, a loopback client only. */
function metricsRefusal(req: IncomingMessage, o: OpsOptions): [401 | 403, string] | null {
  if (o.metricsToken) {
    return tokenMatches(req.headers.authorization, o.metricsToken)
      ? null
      : [401, 'send Authorization: Bearer <METRICS_TOKEN> to read the metrics'];
  }
  // Behind a trusted proxy every client arrives from loopback: a forwarded one is not local.
  const forwarded = o.trustProxy && req.headers['x-forwarded-for'] !== undefined;
  if (isLoopback(req.socket.remoteAddress) && !forwarded) return null;
  return [
    403,
    'the metrics are open to this machine only while METRICS_TOKEN is unset: set METRICS_TOKEN and send it as a bearer token',
  ];
}

export async function handleOps(
  req: IncomingMessage,
  res: ServerResponse,
  which: OpsPath,
  o: OpsOptions,
) {
  if (which === 'healthz') return sendJson(res, liveness());
  if (which === 'readyz') return sendJson(res, await readiness(o.readiness()));
  const refusal = metricsRefusal(req, o);
  if (refusal) {
    const [status, why] = refusal;
    return sendError(
      res,
      status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN',
      why,
      status === 401 ? { 'WWW-Authenticate': 'Bearer realm="metrics"' } : {},
    );
  }
  const text = await scrape();
  if (!text) return sendError(res, 'NOT_FOUND', 'metrics are turned off (METRICS=off)');
  res.writeHead(200, {
    'Content-Type': text.contentType,
    'Content-Length': String(Buffer.byteLength(text.text)),
  });
  res.end(text.text);
}
