import 'server-only';
import { createHmac } from 'node:crypto';

/**
 * The robots' signatures, as their vendors document them (D88). Each is computed over the exact
 * bytes sent; the tests' receivers recompute them the documented way and refuse a mismatch.
 */

/**
 * DingTalk custom robot, "加签": string_to_sign = `${timestampMs}\n${secret}`, HMAC-SHA256 keyed
 * with the secret, base64. The caller URL-encodes it into `&timestamp=…&sign=…`.
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** The DingTalk robot URL with `timestamp` and `sign` appended (URLSearchParams encodes `sign`). */
export function dingtalkSignedUrl(url: string, secret: string, timestampMs: number): string {
  const u = new URL(url);
  u.searchParams.set('timestamp', String(timestampMs));
  u.searchParams.set('sign', dingtalkSign(secret, timestampMs));
  return u.toString();
}

/**
 * Feishu/Lark custom bot, "签名校验": string_to_sign = `${timestampSeconds}\n${secret}` is the
 * HMAC-SHA256 KEY, over an empty message; base64. Sent in the body as `timestamp` and `sign`.
 */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/**
 * The generic webhook, as the issue specifies: `X-Signature: sha256=<hex HMAC-SHA256(secret,
 * raw body)>`, with `X-Timestamp: <epoch seconds>` beside it.
 */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * `X-Timestamp-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`: the same
 * with the timestamp inside what is signed, for a receiver that refuses old timestamps and so
 * a replayed body (D88). Receivers may check either header.
 */
export function webhookTimestampSignature(
  secret: string,
  timestampSeconds: number,
  body: string,
): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8');
  return `sha256=${mac.digest('hex')}`;
}
