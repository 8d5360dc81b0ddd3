import 'server-only';
import { STATUS_CODES, type ServerResponse } from 'node:http';
import { ERROR_STATUS, type ErrorCode } from '@/lib/edge/errors';
import { API_CSP, securityHeaders } from '@/lib/auth/headers';

/** The error envelope on a node:http response, its status from the one code→status table. */
export function sendError(
  res: ServerResponse,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
) {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(ERROR_STATUS[code], {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': API_CSP,
    ...headers,
  });
  res.end(body);
}

/**
 * The same envelope as raw HTTP/1.1 bytes, for a socket whose request never became a request
 * (Node's parser refused it): the security headers included, and the connection closed.
 */
export function rawErrorResponse(code: ErrorCode, message: string): string {
  const status = ERROR_STATUS[code];
  const body = JSON.stringify({ error: { code, message } });
  const headers: Record<string, string> = {
    ...securityHeaders(false),
    'Content-Security-Policy': API_CSP,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    Connection: 'close',
  };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, ...lines, '', body].join('\r\n');
}
