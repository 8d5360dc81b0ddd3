import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { signFormOf, type SignForm, type SignMode } from './sign-forms';

/**
 * The platform's signature (seed 000 §12, settled in shared/PROTOCOL.md):
 * sort the parameters by key (byte order), drop null and "", join `k=v` with `&`,
 * append the key (bare, or as `&key=SECRET`), MD5, hex in lower or upper case.
 * A string's value is its decoded text; anything else is its JSON text as it stands in the body.
 */

export {
  DEFAULT_SIGN_FORM,
  LEGACY_SIGN_MODES,
  SIGN_FORMS,
  SIGN_MODES,
  signFormOf,
  type SignForm,
  type SignMode,
} from './sign-forms';

/** One signed parameter: its key and the text that goes after `=`; null means "leave out". */
export type SignEntry = readonly [key: string, text: string | null];

const md5Hex = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** `string1`: the kept parameters sorted by key in byte order, joined `k=v&…`. */
function string1Of(entries: readonly SignEntry[]): string {
  const kept = entries.filter(
    (e): e is readonly [string, string] => e[0] !== 'sign' && e[1] !== null && e[1] !== '',
  );
  kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return kept.map(([k, v]) => `${k}=${v}`).join('&');
}

const withKey = (string1: string, secret: string, bare: boolean) =>
  bare ? string1 + secret : `${string1}&key=${secret}`;

export function stringToSign(entries: readonly SignEntry[], secret: string, mode: SignMode) {
  return withKey(string1Of(entries), secret, signFormOf(mode).startsWith('bare'));
}

/** The signature of `entries` in the form `mode` names (its case included). */
export function signEntries(entries: readonly SignEntry[], secret: string, mode: SignMode) {
  const hex = md5Hex(stringToSign(entries, secret, mode));
  return signFormOf(mode).endsWith('upper') ? hex.toUpperCase() : hex;
}

/** The text of a parsed value as the canonical re-serialisation would print it. */
function canonicalText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Entries from a parsed object, values re-serialised (what we sign when we send). */
export function canonicalEntries(obj: Record<string, unknown>): SignEntry[] {
  return Object.entries(obj).map(([k, v]) => [k, canonicalText(v)] as const);
}

/**
 * Entries from the raw text of a JSON object body, each value's text exactly as it stands
 * (strings decoded). The body must already be known to parse as a JSON object.
 */
export function rawEntries(body: string): SignEntry[] {
  const out = new Map<string, string | null>();
  let i = skipWs(body, 0);
  if (body[i] !== '{') throw new Error('not a JSON object');
  i = skipWs(body, i + 1);
  if (body[i] === '}') return [];
  for (;;) {
    const keyEnd = endOfString(body, i);
    const key = JSON.parse(body.slice(i, keyEnd)) as string;
    i = skipWs(body, keyEnd);
    i = skipWs(body, i + 1); // past ':'
    const valueEnd = endOfValue(body, i);
    const raw = body.slice(i, valueEnd);
    out.set(key, raw[0] === '"' ? (JSON.parse(raw) as string) : raw === 'null' ? null : raw);
    i = skipWs(body, valueEnd);
    if (body[i] === '}') break;
    i = skipWs(body, i + 1); // past ','
  }
  return [...out.entries()];
}

function skipWs(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

function endOfString(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') j++;
    else if (c === '"') return j + 1;
  }
  throw new Error('unterminated string');
}

function endOfValue(s: string, i: number): number {
  const c = s[i];
  if (c === '"') return endOfString(s, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s[j];
      if (d === '"') j = endOfString(s, j) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new Error('unterminated value');
  }
  let j = i;
  while (j < s.length && !',}] \n\r\t'.includes(s[j] as string)) j++;
  return j;
}

/** Constant-time comparison of two hex signatures, case-insensitive; never throws. */
export function signaturesEqual(received: unknown, expected: string): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(received.toLowerCase(), 'utf8');
  const b = Buffer.from(expected.toLowerCase(), 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

export interface VerifyInput {
  /** The raw body text of a JSON object. */
  body: string;
  /** The same body, parsed. */
  parsed: Record<string, unknown>;
  /** Signed query parameters (GET, or limit/cursor in the URL). */
  query?: Readonly<Record<string, string>>;
  secret: string;
}

/** Which form a verified signature took, and whether it was over the canonical text. */
export interface SignMatch {
  form: SignForm;
  /** Signed over `JSON.stringify` of the parsed value rather than the members' raw text. */
  canonical: boolean;
}

/**
 * The form `received` takes over `entries`, or null. Both the bare and the `&key=` digest are
 * computed and compared (lengths first, constant time, case-insensitively); the case of the
 * form is the received text's: lower when it has no uppercase letter (D70).
 */
function formOf(received: string, entries: readonly SignEntry[], secret: string): SignForm | null {
  const string1 = string1Of(entries);
  // The key's last matching way of appending is tried first: a platform signs every message
  // the same way, so the other digest is computed only when that one does not match.
  const first = bareFirst.get(secret) ?? true;
  let bare = first && signaturesEqual(received, md5Hex(withKey(string1, secret, true)));
  const amp = !bare && signaturesEqual(received, md5Hex(withKey(string1, secret, false)));
  if (!first && !amp) bare = signaturesEqual(received, md5Hex(withKey(string1, secret, true)));
  if (!bare && !amp) return null;
  if (bareFirst.size < 1024 || bareFirst.has(secret)) bareFirst.set(secret, bare);
  return `${bare ? 'bare' : 'amp'}-${/[A-F]/.test(received) ? 'upper' : 'lower'}`;
}

/** Per key, whether its last verified message appended it bare (a hint: both are still tried). */
const bareFirst = new Map<string, boolean>();

/**
 * Verifies `parsed.sign` in any of the four forms, over the raw member texts, then over the
 * canonical re-serialisation for platforms that re-serialise nested objects. Returns the form
 * that matched, or null. Never throws.
 */
export function verifySignature({ body, parsed, query, secret }: VerifyInput): SignMatch | null {
  const received = parsed.sign ?? query?.sign;
  if (typeof received !== 'string' || received.length === 0) return null;
  const queryEntries: SignEntry[] = Object.entries(query ?? {});
  let raw: SignEntry[];
  try {
    raw = rawEntries(body);
  } catch {
    return null;
  }
  const form = formOf(received, [...queryEntries, ...raw], secret);
  if (form) return { form, canonical: false };
  const canonical = formOf(received, [...queryEntries, ...canonicalEntries(parsed)], secret);
  return canonical ? { form: canonical, canonical: true } : null;
}

/**
 * Serialises a message once and signs that same text: returns the body to send, with `sign`
 * and (if absent) a fresh `nonce_str` added.
 */
export function signBody(
  payload: Record<string, unknown>,
  secret: string,
  mode: SignMode,
  query: Readonly<Record<string, string>> = {},
): string {
  const { sign: _ignored, ...rest } = payload;
  void _ignored;
  const sign = signEntries([...Object.entries(query), ...canonicalEntries(rest)], secret, mode);
  return JSON.stringify({ ...rest, sign });
}
