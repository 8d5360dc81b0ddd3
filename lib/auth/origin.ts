/**
 * Same-origin check for state-changing requests made with the session cookie (CSRF). The
 * browser's Origin header must be ours; without one, Sec-Fetch-Site must say same-origin.
 * A request with neither is refused: browsers send one of them on every POST, and scripts
 * authenticate with a Bearer token, which no other site can make a browser send.
 */
export interface OriginHeaders {
  origin?: string | null;
  secFetchSite?: string | null;
  host?: string | null;
  forwardedProto?: string | null;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string): boolean {
  return !SAFE.has(method.toUpperCase());
}

export function expectedOrigin(
  h: OriginHeaders,
  o: { appUrl?: string; trustProxy: boolean },
): string | null {
  if (o.appUrl) return new URL(o.appUrl).origin;
  if (!h.host) return null;
  const proto = o.trustProxy && h.forwardedProto === 'https' ? 'https' : 'http';
  return `${proto}://${h.host}`;
}

export function sameOrigin(h: OriginHeaders, expected: string | null): boolean {
  if (h.origin) return expected !== null && h.origin === expected;
  return h.secFetchSite === 'same-origin';
}
