import 'server-only';
import { getDb, onPostgres } from '@/lib/db';
import { getConfig } from '@/lib/config';
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
  const run = (READS[name].run as (db: ReturnType<typeof getDb>, p: unknown) => unknown)(
    getDb(),
    params,
  );
  const value = onPostgres() ? await withinReadLimit(Promise.resolve(run)) : await run;
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

/**
 * On PostgreSQL there are no reader threads to stop (D60 is SQLite's): a read is given up at
 * READ_TIMEOUT_S and answered 503 READ_TIMEOUT as the threads' limit is, whatever its single
 * statements take (DATABASE_STATEMENT_TIMEOUT_S bounds each of them, not their sum). A
 * statement already sent runs on until it ends or its own limit stops it.
 */
async function withinReadLimit<T>(work: Promise<T>): Promise<T> {
  const s = getConfig().READ_TIMEOUT_S;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ApiError(
            'READ_TIMEOUT',
            `this read took longer than the ${s} s limit and was stopped: ask for less (a shorter range, fewer machines) or retry later`,
            { 'retry-after': RETRY_AFTER.READ_TIMEOUT! },
          ),
        ),
      s * 1000,
    );
  });
  work.catch(() => {}); // given up: its own failure, if it comes, is nobody's
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}
