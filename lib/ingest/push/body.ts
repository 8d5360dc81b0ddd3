/**
 * What every receiver checks of a body before it trusts, parses or verifies it (issue 16,
 * docs/decisions.md D62): that its bytes are UTF-8, and that its JSON is not nested deeper or
 * wider than any message of the platforms is. Both checks are single passes over the text with
 * no recursion, so a hostile body cannot blow the stack (JSON.stringify, zod and our own key
 * normalising all recurse) nor make a refusal cost more than reading it.
 */

/** The deepest nesting of objects and arrays a message may have (the platforms' reach 5). */
export const MAX_JSON_DEPTH = 32;
/** The most members one object or array may hold (a status push of 4,096 shelves is fine). */
export const MAX_JSON_MEMBERS = 10_000;

/** A body as received: the raw bytes, or text already decoded (tests, replays). */
export type RawBody = string | Uint8Array;

export type DecodedBody =
  | { ok: true; text: string }
  | {
      ok: false;
      /** The body with U+FFFD for each bad sequence: what the inbox keeps. */
      text: string;
      why: string;
    };

const strict = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

/** Decodes the raw bytes as UTF-8, refusing (not replacing) anything that is not. */
export function decodeBody(body: RawBody): DecodedBody {
  if (typeof body === 'string') return { ok: true, text: body };
  try {
    return { ok: true, text: strict.decode(body) };
  } catch {
    const offset = firstInvalidUtf8(body);
    return {
      ok: false,
      text: lossy.decode(body),
      why: `body is not valid UTF-8: byte 0x${body[offset]?.toString(16).padStart(2, '0')} at offset ${offset}`,
    };
  }
}

/** The offset of the first byte that does not begin or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      // No overlong forms (E0 A0..), no surrogates (ED 80..9F).
      if (b === 0xe0) min = 0xa0;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

/**
 * Why a JSON text nests too deep or holds too many members in one object or array; undefined
 * when it is within both bounds (or is not JSON at all: JSON.parse says so afterwards).
 */
export function structureProblem(
  text: string,
  maxDepth = MAX_JSON_DEPTH,
  maxMembers = MAX_JSON_MEMBERS,
): string | undefined {
  // commas[d]: the commas seen so far directly inside the open container at depth d + 1.
  const commas: number[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Past the string: a backslash escapes the next character.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > maxDepth) return `JSON nests deeper than ${maxDepth} levels`;
      commas[depth - 1] = 0;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (depth > 0) depth--;
    } else if (c === 0x2c /* , */ && depth > 0) {
      // n commas separate n + 1 members.
      const n = commas[depth - 1]! + 1;
      if (n >= maxMembers) return `a JSON object or array holds more than ${maxMembers} members`;
      commas[depth - 1] = n;
    }
  }
  return undefined;
}
