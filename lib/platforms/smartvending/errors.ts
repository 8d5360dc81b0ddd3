/**
 * What went wrong with one call to the Smart Vending platform's pull API: which endpoint,
 * which HTTP status (null when no answer came) and what was wrong, in words an operator can
 * act on. `retryable` is what the client's retry policy reads (network, timeout, 429, 5xx).
 */
export const SMARTVENDING_ERROR_KINDS = [
  'config', // no base URL or credentials
  'network', // no answer: refused, reset, DNS
  'timeout', // no answer within the attempt's or the call's time
  'http', // an HTTP error status
  'html', // an HTML page (a Tomcat or proxy error page) where JSON was expected
  'malformed', // the body is not JSON (cut short, or not JSON at all)
  'invalid', // JSON, but not any shape the platform is known to answer in
  'refused', // the platform answered FAIL (`result` or `return_code`, any spelling)
  'missing', // the answer did not hold the item asked for (a machine's status)
] as const;
export type SmartVendingErrorKind = (typeof SMARTVENDING_ERROR_KINDS)[number];

/** The error as data: kept with a sync run, shown on /sync in the reader's language. */
export interface PlatformProblem {
  endpoint: string;
  kind: SmartVendingErrorKind;
  status: number | null;
  /** The platform's own words (its message fields, an HTML page's title) or ours. */
  detail: string;
}

const LEAD: Partial<Record<SmartVendingErrorKind, string>> = {
  refused: 'the platform answered FAIL',
  html: 'an HTML page, not JSON',
  missing: 'not in the answer',
};

export class SmartVendingError extends Error {
  override readonly name = 'SmartVendingError';
  constructor(
    readonly endpoint: string,
    readonly kind: SmartVendingErrorKind,
    readonly status: number | null,
    readonly detail: string,
    readonly retryable = false,
  ) {
    const head = status === null ? kind : `HTTP ${status}`;
    const lead = LEAD[kind];
    super(`${endpoint}: ${head} — ${lead ? `${lead}: ` : ''}${detail}`);
  }

  get problem(): PlatformProblem {
    const { endpoint, kind, status, detail } = this;
    return { endpoint, kind, status, detail };
  }
}

export function isSmartVendingError(e: unknown): e is SmartVendingError {
  return e instanceof SmartVendingError;
}
