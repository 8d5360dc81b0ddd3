/**
 * Where to go after sign-in: only a path on this site. Anything a browser's URL parser could
 * take to another origin is refused and becomes '/' (docs/decisions.md D61): a value that does
 * not start with one '/', backslashes (browsers read `\` as `/`), control characters (browsers
 * drop tab, CR and LF, so `/\t/evil.example` is `//evil.example`; CR and LF would also break
 * the Location header), and the same tricks percent-encoded, in case anything decodes again.
 * What is kept comes back as the URL parser serialises it: ASCII only, safe in a header.
 */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string') return '/';
  const path = resolved(value);
  if (path === null) return '/';
  // Both as given and as resolved: dot segments can bring escapes together
  // (`/:%2f/../%2f` resolves to `/%2f`, which decodes to `//`).
  if (!decodesSafely(value) || !decodesSafely(path)) return '/';
  return /^\/log(in|out)([/?#]|$)/.test(path) ? '/' : path;
}

/** Whether every round of percent-decoding still resolves to a plain path on this site. */
function decodesSafely(value: string): boolean {
  for (let v = value, i = 0; ; i++) {
    const decoded = decodeAscii(v);
    if (decoded === v) return true;
    // Encoded more than a few times over is not a link anyone made.
    if (i === 3 || resolved(decoded) === null) return false;
    v = decoded;
  }
}

const ORIGIN = 'https://app.invalid';

/** C0 and C1 controls and DEL: the URL parser removes or keeps them; neither is wanted. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function isPlainPath(v: string): boolean {
  return v.startsWith('/') && v[1] !== '/' && !v.includes('\\') && !CONTROL.test(v);
}

/**
 * The path as a browser resolves it on this site, or null when it is not a plain path or
 * would leave: dot segments can collapse into `//` (`/.//evil.example` is `//evil.example`).
 */
function resolved(v: string): string | null {
  if (!isPlainPath(v)) return null;
  let url: URL;
  try {
    url = new URL(v, ORIGIN);
  } catch {
    return null;
  }
  const path = url.pathname + url.search + url.hash;
  return url.origin === ORIGIN && isPlainPath(path) ? path : null;
}

/**
 * One round of percent-decoding that never throws: runs of escapes that are valid UTF-8 are
 * decoded whole (so an encoded C1 control shows), other escapes only where they are ASCII.
 */
function decodeAscii(v: string): string {
  return v.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      );
    }
  });
}
