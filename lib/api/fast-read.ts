import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './errors';
import { readMachineList } from './machine-list';

type Read = (search: URLSearchParams) => unknown;

/**
 * Reads the production server answers itself, after its gate (sign-in, the rule table and the
 * security headers: lib/auth/gate.ts) and before Next.js, as it does the pushes (D1). The
 * machine list is every open dashboard's refresh, and for a line's few hundred machines the
 * framework's fixed cost per request was as long as the query (docs/decisions.md D28). Each
 * calls the same function as its route handler, which `npm run dev` serves.
 */
const FAST_READS = new Map<string, Read>([['/api/v1/machines', readMachineList]]);

/** The read for a request, when the server should answer it before Next.js. */
export function fastReadOf(req: IncomingMessage): Read | undefined {
  if (req.method !== 'GET' || !req.url) return undefined;
  const q = req.url.indexOf('?');
  return FAST_READS.get(q === -1 ? req.url : req.url.slice(0, q));
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}

/** Answers with the read's JSON, or with the error envelope (the route handlers' shape). */
export function handleFastRead(req: IncomingMessage, res: ServerResponse, read: Read) {
  try {
    send(res, 200, read(new URL(req.url!, 'http://localhost').searchParams));
  } catch (e) {
    if (e instanceof ApiError) {
      for (const [k, v] of Object.entries(e.headers ?? {})) res.setHeader(k, v);
      send(res, e.status, { error: { code: e.code, message: e.message } });
    } else {
      console.error(e);
      send(res, 500, { error: { code: 'INTERNAL', message: 'internal error' } });
    }
  }
}
