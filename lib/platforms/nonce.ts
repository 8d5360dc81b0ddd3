import 'server-only';
import { randomBytes } from 'node:crypto';
import { rawEntries } from './signing';

/** A random 32-character nonce for signed messages we send. */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/**
 * The nonce of a received message as text, whatever its JSON type (docs/decisions.md D62): a
 * string is its value, a number is its text as it stands in the body (what was signed), so
 * `123` and `"123"` are one nonce and `12345678901234567890` is not rounded into another.
 * Null when there is none (absent, empty, or not a string or number): such a message cannot be
 * told from a redelivery by its nonce. A NUL character in it is kept as the six characters of
 * its escape `\u0000`.
 */
export function nonceText(
  message: Record<string, unknown>,
  body: string,
  field: 'nonce_str' | 'nonceStr',
): string | null {
  const value = message[field];
  // PostgreSQL's text cannot hold a NUL: written as its JSON escape, on both engines (D112).
  if (typeof value === 'string') return value.replaceAll('\u0000', '\\u0000') || null;
  if (typeof value !== 'number') return null;
  try {
    for (const [key, text] of rawEntries(body)) if (key === field) return text || null;
  } catch {
    // The body parsed as an object, so rawEntries reads it; String() is the fallback anyway.
  }
  return String(value);
}
