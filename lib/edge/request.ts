import 'server-only';
import type { z } from 'zod';
import { authorizeRequest, type Caller } from './caller';
import { ApiError, describeIssues, toErrorResponse } from './errors';
import { isStatementCancelled } from '@/db/errors';
import { getConfig } from '@/lib/config';

/** Query parameters validated by a schema; a bad one is a 400 naming the parameter. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  return parseSearch(new URL(request.url).searchParams, schema);
}

/** A query string's parameters validated by a schema; a bad one is a 400 naming it. */
export function parseSearch<S extends z.ZodType>(search: URLSearchParams, schema: S): z.infer<S> {
  const parsed = schema.safeParse(Object.fromEntries(search));
  if (!parsed.success) throw new ApiError('INVALID_QUERY', describeIssues(parsed.error));
  return parsed.data;
}

/** A route param validated by a schema; a bad one is a 404 (no such resource). */
export function parseParam<S extends z.ZodType>(
  value: string,
  schema: S,
  what: string,
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new ApiError('NOT_FOUND', `${what} ${JSON.stringify(value)} does not exist`);
  return parsed.data;
}

type Handler<C> = (request: Request, context: C, caller: Caller) => Response | Promise<Response>;

/**
 * Wraps a route handler: authorises the request by the rule table (lib/auth/rules.ts) and
 * turns every thrown error into the error envelope.
 */
export function route<C>(handler: Handler<C>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      const caller = await authorizeRequest(request);
      return await handler(request, context, caller);
    } catch (e) {
      return toErrorResponse(isStatementCancelled(e) ? readTimedOut() : e);
    }
  };
}

/**
 * PostgreSQL stopped a statement at DATABASE_STATEMENT_TIMEOUT_S: answered as a reader thread's
 * time limit is on SQLite (503 READ_TIMEOUT, try again later), not as an internal error.
 */
function readTimedOut(): ApiError {
  const limit = getConfig().DATABASE_STATEMENT_TIMEOUT_S;
  return new ApiError(
    'READ_TIMEOUT',
    `the database stopped this read after ${limit} s (DATABASE_STATEMENT_TIMEOUT_S); try a shorter range or later`,
    { 'retry-after': '30' },
  );
}

const MAX_BODY_BYTES = 64 * 1024;

/**
 * A JSON body validated by a schema: 400 when it is not JSON, 422 naming the bad field. The
 * server bounds every body before it gets here (lib/edge/body-limit.ts); the check after reading
 * is a second line only.
 */
export async function parseBody<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<z.infer<S>> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new ApiError('BODY_TOO_LARGE', `the body is larger than ${MAX_BODY_BYTES} bytes`);
  let value: unknown;
  try {
    value = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError('INVALID_JSON', 'the body is not valid JSON');
  }
  // PostgreSQL's text cannot hold U+0000 (a write with one failed there): refused on both
  // engines, naming where. Only `\u0000` in the text can become one (JSON refuses a raw NUL).
  const nul = text.includes('u0000') ? nulAt(value) : null;
  if (nul !== null) throw new ApiError('UNPROCESSABLE', `${nul}: must not contain U+0000 (NUL)`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError('UNPROCESSABLE', describeIssues(parsed.error));
  return parsed.data;
}

/**
 * Where in a parsed JSON value a string or key holds U+0000 (`a.b.0`), or null. Walked with a
 * list, not recursion: 64 KiB of `[` is 65,536 levels deep.
 */
export function nulAt(value: unknown): string | null {
  const todo: [unknown, string][] = [[value, '']];
  for (let next = todo.pop(); next; next = todo.pop()) {
    const [v, at] = next;
    if (typeof v === 'string') {
      if (v.includes('\0')) return at || 'body';
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v)) {
        const here = at ? `${at}.${k}` : k;
        if (k.includes('\0')) return here;
        todo.push([child, here]);
      }
    }
  }
  return null;
}
