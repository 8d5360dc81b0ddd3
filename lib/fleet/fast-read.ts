import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '@/lib/auth/principal';
import { maySeeMoney } from '@/lib/auth/rules';
import { readText, type ReadText } from '@/lib/reads';
import { ApiError } from '@/lib/edge/errors';
import { readMachineList } from './machine-list';
import { log } from '@/lib/ops/log';

type Read = (search: URLSearchParams, who: Principal, signal: AbortSignal) => Promise<ReadText>;

/**
 * Reads the production server answers itself, after its gate (sign-in, the rule table and the
 * security headers: lib/auth/gate.ts) and before Next.js, as it does the pushes (D1): the pages
 * every open dashboard polls. The framework's fixed cost per request was as long as the query
 * (D28), and under many pollers it is main-thread time the pushes wait behind (D60). Each runs
 * on a reader thread through the same function as its route handler, which `npm run dev` serves.
 */
const FAST_READS = new Map<string, Read>([
  ['/api/v1/machines', (search, _who, signal) => readMachineList(search, signal)],
  [
    '/api/v1/overview',
    (_search, who, signal) => readText('overview', { withSales: maySeeMoney(who.role) }, signal),
  ],
  // Every open planning page refreshes these (lib/planning/queries.ts).
  ['/api/v1/lines', (_search, _who, signal) => readText('lines', {}, signal)],
  ['/api/v1/sites', (_search, _who, signal) => readText('sites', {}, signal)],
]);

/** The read for a request, when the server should answer it before Next.js. */
export function fastReadOf(req: IncomingMessage): Read | undefined {
  if (req.method !== 'GET' || !req.url) return undefined;
  const q = req.url.indexOf('?');
  return FAST_READS.get(q === -1 ? req.url : req.url.slice(0, q));
}

function sendError(res: ServerResponse, status: number, code: string, message: string) {
  if (res.headersSent) return res.destroy();
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ error: { code, message } }));
}

const acceptsGzip = (req: IncomingMessage) => /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');

/**
 * Answers with the read's JSON (gzipped once for all clients of a shared answer), or with the
 * error envelope (the route handlers' shape). A client that goes away stops its read.
 */
export async function handleFastRead(
  req: IncomingMessage,
  res: ServerResponse,
  read: Read,
  who: Principal,
) {
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  try {
    const answer = await read(new URL(req.url!, 'http://localhost').searchParams, who, gone.signal);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Vary', 'Accept-Encoding');
    if (acceptsGzip(req)) {
      const body = await answer.answer.gzip();
      res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Content-Length', body.length);
      res.end(body);
    } else res.end(answer.text);
  } catch (e) {
    if (e instanceof ApiError) {
      for (const [k, v] of Object.entries(e.headers ?? {})) res.setHeader(k, v);
      sendError(res, e.status, e.code, e.message);
    } else {
      log().error({ err: e }, 'fast read failed');
      sendError(res, 500, 'INTERNAL', 'internal error');
    }
  }
}
