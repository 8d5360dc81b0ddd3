import { SmartVendingError } from './errors';

/**
 * How the platform's answers are told apart before their shape is read (D72): a failure is
 * `result` or `return_code` FAIL in any case and with spaces around it ("FAIL " has been seen);
 * its words are whatever message fields it carries. An HTML page (the platform's Tomcat answers
 * 405 and other errors so) is named by its title, never pasted whole into an error.
 */

/** The platforms' message fields, in the order they are quoted. */
const WORD_FIELDS = [
  'errorCode',
  'error_code',
  'err_code',
  'errcode',
  'code',
  'errorMsg',
  'error_msg',
  'errmsg',
  'message',
  'msg',
  'return_msg',
  'err_code_des',
  'error',
  'error_description',
];

const isFail = (v: unknown) => typeof v === 'string' && v.trim().toUpperCase() === 'FAIL';

/** True when the answer says it failed: `result` or `return_code` FAIL, any spelling. */
export function isFailure(json: unknown): json is Record<string, unknown> {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return false;
  const j = json as Record<string, unknown>;
  return isFail(j.result) || isFail(j.return_code);
}

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The platform's own words from an answer's message fields, or "no message". */
export function platformWords(json: unknown): string {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return 'no message';
  const j = json as Record<string, unknown>;
  const words: string[] = [];
  for (const f of WORD_FIELDS) {
    const v = j[f];
    if ((typeof v === 'string' && v.trim()) || typeof v === 'number') {
      const text = String(v).trim();
      if (!words.includes(text)) words.push(text);
    }
  }
  return words.length ? clip(words.join(' ')) : 'no message';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? whole;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
  });
const plain = (html: string) =>
  decode(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

export function looksLikeHtml(contentType: string | null, text: string) {
  return /\bhtml\b/i.test(contentType ?? '') || /^\s*</.test(text);
}

/** An HTML page in a line: its title (or first heading), quoted. */
export function describeHtml(text: string): string {
  const m =
    /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text) ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(text);
  const title = m ? plain(m[1]!) : '';
  return title ? `“${clip(title, 160)}”` : `${text.length} bytes, no title`;
}

/** A body that is not JSON, in a line: an HTML page by its title, other text by its start. */
function describeText(contentType: string | null, text: string) {
  if (!text.length) return 'empty body';
  if (looksLikeHtml(contentType, text)) return describeHtml(text);
  return `“${clip(text.replace(/\s+/g, ' ').trim(), 200)}”`;
}

/**
 * One HTTP answer read: JSON back, or the error it amounts to. 429 and 5xx are retryable (not
 * for writes); other statuses, HTML, other text and FAIL are not.
 */
export function readAnswer(
  endpoint: string,
  a: { status: number; contentType: string | null; text: string; write: boolean },
): unknown {
  let json: unknown;
  let parsed = true;
  try {
    json = JSON.parse(a.text);
  } catch {
    parsed = false;
  }
  const html = !parsed && looksLikeHtml(a.contentType, a.text);
  if (a.status < 200 || a.status >= 300) {
    const retry = (a.status === 429 || a.status >= 500) && !a.write;
    const detail = parsed ? platformWords(json) : describeText(a.contentType, a.text);
    throw new SmartVendingError(endpoint, html ? 'html' : 'http', a.status, detail, retry);
  }
  if (html) throw new SmartVendingError(endpoint, 'html', a.status, describeHtml(a.text));
  if (!parsed) {
    const why = a.text.length
      ? `the body is not JSON (${a.text.length} bytes, cut short?)`
      : 'empty body';
    throw new SmartVendingError(endpoint, 'malformed', a.status, why);
  }
  if (isFailure(json))
    throw new SmartVendingError(endpoint, 'refused', a.status, platformWords(json));
  return json;
}
