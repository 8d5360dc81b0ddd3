import { createHash } from 'node:crypto';

/**
 * Bodies a careless or hostile sender makes that JSON.stringify and signBody cannot: members
 * given as raw JSON bytes (10,000 nested arrays, bytes that are not UTF-8), signed per §12
 * over those same bytes (a string member's value without its quotes), as a platform that
 * signs what it sends byte for byte would.
 */
export type RawMembers = [key: string, json: string | Buffer][];

const bytes = (v: string | Buffer) => (typeof v === 'string' ? Buffer.from(v) : v);

export function rawSignedBody(
  members: RawMembers,
  key: string,
  sign: 'ampersand' | 'wrong' = 'ampersand',
): Buffer {
  const sorted = [...members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const string1: Buffer[] = [];
  for (const [k, v] of sorted) {
    const raw = bytes(v);
    const value = raw[0] === 0x22 ? raw.subarray(1, raw.length - 1) : raw;
    // §12 leaves out null and "" members.
    if (value.length === 0 || raw.toString() === 'null') continue;
    string1.push(Buffer.from(`${string1.length ? '&' : ''}${k}=`), value);
  }
  string1.push(Buffer.from(`&key=${key}`));
  const md5 = createHash('md5').update(Buffer.concat(string1)).digest('hex').toUpperCase();
  const signature = sign === 'wrong' ? '0'.repeat(32) : md5;
  const parts: Buffer[] = [Buffer.from('{')];
  for (const [k, v] of members)
    parts.push(Buffer.from(`${JSON.stringify(k)}:`), bytes(v), Buffer.from(','));
  parts.push(Buffer.from(`"sign":"${signature}"}`));
  return Buffer.concat(parts);
}

/** `depth` nested arrays: `[[[…]]]`. */
export const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** A JSON string whose bytes are not UTF-8: a Chinese character cut after two of its three bytes. */
export const brokenUtf8String = () =>
  Buffer.concat([Buffer.from('"统一'), Buffer.from('绿').subarray(0, 2), Buffer.from('茶"')]);

/** Members of a flat payload as raw JSON (strings quoted, numbers as they are). */
export const membersOf = (payload: Record<string, unknown>): RawMembers =>
  Object.entries(payload).map(([k, v]) => [k, JSON.stringify(v)]);

/** POSTs raw bytes (a Buffer is not a fetch body type) and reads the JSON answer. */
export async function postBytes(server: { url: string }, path: string, body: Buffer | string) {
  const r = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}
