/**
 * Request paths as the server's rules see them, and route params as pages receive them.
 * Every check before Next.js (the gate's rule table, the API's 404) and Next.js itself must
 * see the same path, or a path could be authorised as one route and served as another.
 */

/** The longest request target (path and query) answered; longer ones get 414 (D63). */
export const MAX_URL_BYTES = 8 * 1024;

/** A path that is already canonical and decoded: plain segments, no dots, escapes or `//`. */
const PLAIN_PATH = /^(?:(?:\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+\/?|\/)$/;
const plainPath = (target: string) => {
  const q = target.indexOf('?');
  return PLAIN_PATH.test(q === -1 ? target : target.slice(0, q));
};

/**
 * The request target with dot segments resolved and repeated slashes collapsed, as a browser
 * would send it; the query string is kept as sent. Null when it is not a path at all.
 * `//x` stays a path here (new URL(target, base) would read `x` as a host).
 */
export function canonicalTarget(target: string): string | null {
  // Every push and nearly every request: nothing to resolve (a regex, not a URL parse).
  if (plainPath(target)) return target;
  let path = target;
  if (!path.startsWith('/')) {
    // absolute-form (`GET http://host/path`): only its path and query count.
    try {
      const u = new URL(path);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
      path = u.pathname + u.search;
    } catch {
      return null;
    }
  }
  const q = path.indexOf('?');
  const rawPath = q === -1 ? path : path.slice(0, q);
  const query = q === -1 ? '' : path.slice(q);
  // As WHATWG URL reads it: dot segments (also `%2e%2e`) resolved, a backslash read as `/`.
  try {
    const resolved = new URL(`http://localhost${rawPath}`).pathname;
    return resolved.replace(/\/{2,}/g, '/') + query;
  } catch {
    return null;
  }
}

/**
 * The path's segments each decoded, a `/` inside one kept as `%2F` so that an asset id such as
 * `a/b` stays one segment for the rules. Null when the path is not valid percent-encoding.
 */
export function decodedPath(target: string): string | null {
  const q = target.indexOf('?');
  const raw = q === -1 ? target : target.slice(0, q);
  if (PLAIN_PATH.test(raw)) return raw;
  try {
    return raw
      .split('/')
      .map((s) => decodeURIComponent(s).replaceAll('/', '%2F'))
      .join('/');
  } catch {
    return null;
  }
}

/**
 * A dynamic segment's value as the page sent it. Next.js hands pages (not route handlers) each
 * param as `encodeURIComponent` of the decoded segment, so one decoding gives the id back
 * exactly: `CN%20%E6%B5%8B-1` → `CN 测-1`, `A%2BB` → `A+B`, `x%25y` → `x%y`.
 */
export function pageParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
