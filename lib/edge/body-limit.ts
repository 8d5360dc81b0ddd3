import 'server-only';
import { IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { normalisePath } from '@/lib/auth/gate';
import { MAX_BODY_BYTES, tooLarge } from '@/lib/ingest/push/receive';
import { pickupFail } from '@/lib/pickup/receive';

/**
 * Request bodies are bounded before anything buffers them (docs/decisions.md D61). Route
 * handlers read with `request.text()`, which keeps everything it is sent, so the bound is kept
 * here, in front of Next.js and the push fast path, for every request:
 * - a Content-Length over the route's limit is answered 413 at once, nothing read;
 * - a body without one (chunked) is read here, counting, up to the limit: over it, 413; within
 *   it, the request goes on with a copy whose stream replays the bytes read.
 * A refusal closes the connection, so the rest of the body is never read.
 */
export const BODY_LIMITS = {
  /** `{email, password}`: 200 characters each, escaped, is under 3 KiB. */
  signIn: 4 * 1024,
  api: 64 * 1024,
  /** Pushes, pickup-code messages and cabinet callbacks: the receivers' own bound. */
  platform: MAX_BODY_BYTES,
} as const;

/** How each kind of route says "too large": its own reply shape. */
type Shape = 'envelope' | 'notify' | 'pickup' | 'saas';

interface Limit {
  bytes: number;
  shape: Shape;
}

export function bodyLimitOf(path: string | null): Limit {
  const p = path ?? '';
  if (p.startsWith('/api/notify/')) return { bytes: BODY_LIMITS.platform, shape: 'notify' };
  if (p.startsWith('/osapi/')) return { bytes: BODY_LIMITS.platform, shape: 'pickup' };
  if (p.startsWith('/api/saas/callback/')) return { bytes: BODY_LIMITS.platform, shape: 'saas' };
  if (p.startsWith('/api/auth/')) return { bytes: BODY_LIMITS.signIn, shape: 'envelope' };
  return { bytes: BODY_LIMITS.api, shape: 'envelope' };
}

function limitOf(req: IncomingMessage): Limit {
  return bodyLimitOf(normalisePath(req.url ?? '/'));
}

/** The refusal, in the shape the caller reads: the receiver's own, or the API's envelope. */
function refusal(limit: Limit): object {
  const message = `the body is larger than ${limit.bytes} bytes`;
  switch (limit.shape) {
    case 'notify':
      return tooLarge().body;
    case 'pickup':
      return pickupFail(413, 'BODY_TOO_LARGE', `body is larger than ${limit.bytes} bytes`).body;
    case 'saas':
      return { result: 'FAIL', errorCode: 'BODY_TOO_LARGE' };
    case 'envelope':
      return { error: { code: 'BODY_TOO_LARGE', message } };
  }
}

/** How long a refused client has to read the 413 before its connection is cut. */
const LINGER_MS = 2000;

/**
 * Answers 413 and closes the connection without reading the rest of the body. Closing at once
 * would meet the client's unsent body with a reset, and a client still sending often loses the
 * answer with it (nginx's "lingering close" problem). So the answer is written whole (its length
 * is known; `res.end()` is not called, as Node would then destroy the socket at once or read the
 * rest of the body to reuse the connection), the connection is half-closed, nothing more is
 * read (the client's writes just wait) and the socket goes after LINGER_MS or when the client
 * closes it.
 */
function refuse(res: ServerResponse, limit: Limit) {
  const json = JSON.stringify(refusal(limit));
  const socket = res.socket;
  res.writeHead(413, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    connection: 'close',
  });
  res.write(json);
  if (!socket) return;
  socket.end();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  socket.once('close', () => clearTimeout(timer));
}

/** A declared length over the limit; false when there is none (or it is within). */
function declaredTooLarge(req: IncomingMessage, limit: Limit): boolean {
  const declared = req.headers['content-length'];
  return declared !== undefined && Number(declared) > limit.bytes;
}

/**
 * Runs `next` with the request to serve once its body is known to be within its route's limit,
 * or answers 413 itself. A Content-Length within the limit goes on as it is (Node's parser
 * never delivers more than the declared length); a chunked body is read here first.
 */
export function limitBody(
  req: IncomingMessage,
  res: ServerResponse,
  next: (req: IncomingMessage, res: ServerResponse) => void,
): void {
  const limit = limitOf(req);
  if (declaredTooLarge(req, limit)) return refuse(res, limit);
  if (req.headers['transfer-encoding'] === undefined) return next(req, res);

  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit.bytes) return void chunks.push(chunk);
    req.off('data', onData);
    req.off('end', onEnd);
    req.pause();
    chunks.length = 0;
    refuse(res, limit);
  };
  const onEnd = () => next(replay(req, Buffer.concat(chunks, size)), res);
  req.on('data', onData);
  req.once('end', onEnd);
  // A client that goes away mid-body: nothing to answer (the socket is gone with it).
  req.on('error', () => {});
}

/**
 * A copy of a request whose body has been read: the same socket, method, URL and headers, its
 * stream holding the bytes read. Next.js and the receivers read it as they read any request.
 */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  copy.headers = req.headers;
  copy.rawHeaders = req.rawHeaders;
  copy.trailers = req.trailers;
  copy.rawTrailers = req.rawTrailers;
  if (body.length > 0) copy.push(body);
  copy.push(null);
  copy.complete = true;
  return copy;
}

/**
 * `Expect: 100-continue`: a body declared too large is refused before the client sends it
 * (no 100 Continue); any other request is told to go on and served as usual.
 */
export function refuseBeforeContinue(server: Server): void {
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const limit = limitOf(req);
    if (declaredTooLarge(req, limit)) return refuse(res, limit);
    res.writeContinue();
    server.emit('request', req, res);
  });
}
