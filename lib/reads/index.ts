import 'server-only';
import { getDb } from '@/lib/db';
import { ApiError, type ErrorCode, ERROR_STATUS } from '@/lib/edge/errors';
import { Answer } from './answer';
import type { ReadPool } from './pool';
import { READS, type ReadName, type ReadParams, type ReadResult } from './registry';

/**
 * Runs a named read (lib/reads/registry.ts): on the production server's reader threads when
 * it has them (lib/reads/pool.ts, D60), else here, on this thread (unit tests, scripts,
 * READ_WORKERS=0). Route handlers and pages call this, never the read's function directly, so
 * a slow read never holds up the thread that receives the pushes.
 *
 * The pool is created by server.ts and found through globalThis: Next.js bundles its own copy
 * of this module, and the pool's errors are rebuilt here as this copy's ApiError.
 */
const POOL = Symbol.for('vending.readPool');
type Holder = { [POOL]?: ReadPool };

export function installReadPool(pool: ReadPool | undefined) {
  (globalThis as Holder)[POOL] = pool;
}

export function readPool(): ReadPool | undefined {
  return (globalThis as Holder)[POOL];
}

export interface ReadText {
  text: string;
  json: boolean;
  /** The same text, gzipped once for every client of a shared answer. */
  answer: Answer;
}

/** Refusals worth retrying later say when. */
const RETRY_AFTER: Partial<Record<ErrorCode, string>> = { BUSY: '2', READ_TIMEOUT: '30' };

const toApiError = (e: unknown): unknown => {
  if (!(e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code in ERROR_STATUS))
    return e;
  const code = e.code as ErrorCode;
  const retry = RETRY_AFTER[code];
  return new ApiError(code, e.message, retry ? { 'retry-after': retry } : undefined);
};

export async function readText<N extends ReadName>(
  name: N,
  params: ReadParams<N>,
  signal?: AbortSignal,
): Promise<ReadText> {
  const pool = readPool();
  if (pool) {
    try {
      const answer = await pool.request(name, READS[name].lane, params, signal);
      return { text: answer.text, json: answer.json, answer };
    } catch (e) {
      throw toApiError(e);
    }
  }
  const value = await (READS[name].run as (db: ReturnType<typeof getDb>, p: unknown) => unknown)(
    getDb(),
    params,
  );
  const answer =
    typeof value === 'string'
      ? new Answer(value, false)
      : new Answer(JSON.stringify(value ?? null), true);
  return { text: answer.text, json: answer.json, answer };
}

/** A read's value (for a page's server-side prefetch). */
export async function readValue<N extends ReadName>(
  name: N,
  params: ReadParams<N>,
  signal?: AbortSignal,
): Promise<ReadResult<N>> {
  const { text, json } = await readText(name, params, signal);
  return (json ? JSON.parse(text) : text) as ReadResult<N>;
}

/**
 * A read answered as JSON. `notFound` names the resource when the read answers null (no such
 * machine, line, visit): a 404 in the envelope.
 */
export async function readJsonResponse<N extends ReadName>(
  name: N,
  params: ReadParams<N>,
  signal?: AbortSignal,
  notFound?: string,
): Promise<Response> {
  const { text } = await readText(name, params, signal);
  if (notFound && text === 'null') throw new ApiError('NOT_FOUND', `${notFound} does not exist`);
  return new Response(text, { headers: { 'content-type': 'application/json' } });
}
