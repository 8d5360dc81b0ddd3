import { z } from 'zod';

/** One error envelope for the JSON API: `{error:{code,message}}`, with a code→status table. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  INVALID_QUERY: 400,
  INVALID_JSON: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CSRF: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  PICKUP_CODE_USED: 409,
  /** A resolved alert is history: nobody acknowledges, snoozes, assigns or resolves it again. */
  ALERT_RESOLVED: 409,
  /** On PostgreSQL the app takes no snapshots: backups are PostgreSQL's own (D111). */
  BACKUPS_BY_ENGINE: 409,
  BODY_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNPROCESSABLE: 422,
  RANGE_TOO_LONG: 422,
  TOO_MANY_REQUESTS: 429,
  /** The client closed the connection before the answer (nginx's 499: nobody reads it). */
  CLIENT_CLOSED: 499,
  HEADERS_TOO_LARGE: 431,
  BAD_GATEWAY: 502,
  /** A read ran past its time limit and was stopped (lib/reads, D60). */
  READ_TIMEOUT: 503,
  /** A read needed more memory than a reader thread may use, and was stopped. */
  READ_TOO_LARGE: 503,
  /** Too many reads are waiting for a reader thread. */
  BUSY: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
  get status() {
    return ERROR_STATUS[this.code];
  }
}

export function errorResponse(code: ErrorCode, message: string, headers?: Record<string, string>) {
  return Response.json({ error: { code, message } }, { status: ERROR_STATUS[code], headers });
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/** Turns anything thrown by a handler into the envelope; unknown errors say nothing inside. */
export function toErrorResponse(e: unknown): Response {
  if (e instanceof ApiError) return errorResponse(e.code, e.message, e.headers);
  console.error(e);
  return errorResponse('INTERNAL', 'internal error');
}
