/**
 * What went wrong with one call to the Smart Vending platform's pull API: which endpoint,
 * which HTTP status (null when no answer came) and what was wrong, in words an operator can
 * act on. `retryable` is what the client's retry policy reads (network, timeout, 429, 5xx).
 */
export type SmartVendingErrorKind =
  | 'config' // no base URL or credentials
  | 'network' // no answer: refused, reset, DNS
  | 'timeout' // no answer within the attempt's or the call's time
  | 'http' // an HTTP error status
  | 'malformed' // the body is not JSON
  | 'invalid' // JSON, but not the shape the spec gives
  | 'refused'; // the platform answered result FAIL

export class SmartVendingError extends Error {
  override readonly name = 'SmartVendingError';
  constructor(
    readonly endpoint: string,
    readonly kind: SmartVendingErrorKind,
    readonly status: number | null,
    readonly detail: string,
    readonly retryable = false,
  ) {
    super(`${endpoint}: ${status === null ? kind : `HTTP ${status}`} — ${detail}`);
  }
}

export function isSmartVendingError(e: unknown): e is SmartVendingError {
  return e instanceof SmartVendingError;
}
