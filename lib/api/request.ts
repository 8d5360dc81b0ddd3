import type { z } from 'zod';
import { ApiError, describeIssues, toErrorResponse } from './errors';

/** Query parameters validated by a schema; a bad one is a 400 naming the parameter. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
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

/**
 * A JSON body validated by a schema: text that is not JSON is a 400, a bad field a 422 naming
 * it. An empty body reads as `{}`, so every field takes its default.
 */
export async function parseBody<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<z.infer<S>> {
  const text = await request.text();
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch (e) {
    throw new ApiError('INVALID_JSON', `body is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError('UNPROCESSABLE', describeIssues(parsed.error));
  return parsed.data;
}

type Handler<C> = (request: Request, context: C) => Response | Promise<Response>;

/** Wraps a route handler so every thrown error becomes the error envelope. */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (e) {
      return toErrorResponse(e);
    }
  };
}
