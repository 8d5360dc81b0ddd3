import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PushKind } from '@/db/schema';
import { countPush } from '@/lib/ops/metrics';
import { log } from '@/lib/ops/log';
import {
  isDuplicate,
  MAX_BODY_BYTES,
  NOTIFY_KINDS,
  tooLarge,
  unavailable,
  type NotifyResult,
} from './receive';
import { submitNotification } from './queue';

/** Counts an answered push for the metrics (D90): no allocation on the accepted path. */
function counted(kind: PushKind, result: NotifyResult, started: number) {
  const seconds = (performance.now() - started) / 1000;
  if (result.body.result === 'SUCCESS')
    countPush(kind, isDuplicate(result) ? 'duplicate' : 'accepted', seconds);
  else countPush(kind, { status: result.status, code: result.body.errorCode }, seconds);
  return result;
}

/**
 * Reads a body up to MAX_BODY_BYTES, as bytes: the receivers decode it themselves, refusing
 * what is not UTF-8 rather than replacing it (D62). Undefined when it is larger.
 */
function readNodeBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > MAX_BODY_BYTES) return resolve(undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        resolve(undefined);
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

function send(res: ServerResponse, result: NotifyResult) {
  const json = JSON.stringify(result.body);
  res.writeHead(result.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    'cache-control': 'no-store',
  });
  res.end(json);
}

const FAST_PATHS = new Map<string, PushKind>(NOTIFY_KINDS.map((k) => [`/api/notify/${k}`, k]));

/** Which push a request is, when the custom server should take it before Next does. */
export function notifyKindOf(req: IncomingMessage): PushKind | undefined {
  if (req.method !== 'POST' || !req.url) return undefined;
  const q = req.url.indexOf('?');
  return FAST_PATHS.get(q === -1 ? req.url : req.url.slice(0, q));
}

/**
 * The push receivers on plain node:http: the same pipeline as the App Router handlers in
 * app/api/notify/*, without the framework's per-request cost (docs/decisions.md).
 */
export async function handleNotifyNode(req: IncomingMessage, res: ServerResponse, kind: PushKind) {
  const started = performance.now();
  try {
    const body = await readNodeBody(req);
    if (body === undefined) {
      send(res, counted(kind, tooLarge(), started));
      req.resume();
      return;
    }
    send(res, counted(kind, await submitNotification(kind, body), started));
  } catch (e) {
    log().error({ err: e, kind }, 'push failed; answered 503');
    // Nothing was acknowledged; the platform will redeliver.
    send(res, counted(kind, unavailable(), started));
  }
}

/** Reads a Web Request body up to MAX_BODY_BYTES, as bytes; undefined when it is larger. */
export async function readWebBody(request: Request): Promise<Buffer | undefined> {
  if (Number(request.headers.get('content-length')) > MAX_BODY_BYTES) return undefined;
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The same receiver for a Web Request (App Router route handler). */
export async function handleNotifyRequest(request: Request, kind: PushKind): Promise<Response> {
  let result: NotifyResult;
  const started = performance.now();
  try {
    const body = await readWebBody(request);
    result = body === undefined ? tooLarge() : await submitNotification(kind, body);
  } catch (e) {
    log().error({ err: e, kind }, 'push failed; answered 503');
    result = unavailable();
  }
  counted(kind, result, started);
  return Response.json(result.body, {
    status: result.status,
    headers: { 'cache-control': 'no-store' },
  });
}
