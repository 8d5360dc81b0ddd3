import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBody, firstInvalidUtf8, structureProblem } from './body';

describe('decodeBody', () => {
  it('passes UTF-8 through and names the offset of the first byte that is not', () => {
    const good = Buffer.from('{"name":"统一冰绿茶 🍵"}');
    expect(decodeBody(good)).toEqual({ ok: true, text: '{"name":"统一冰绿茶 🍵"}' });
    const bad = Buffer.concat([
      Buffer.from('{"a":"'),
      Buffer.from([0xe7, 0xbb]),
      Buffer.from('"}'),
    ]);
    const d = decodeBody(bad);
    expect(d.ok).toBe(false);
    expect(d.text).toBe('{"a":"\uFFFD"}');
    expect(!d.ok && d.why).toBe('body is not valid UTF-8: byte 0xe7 at offset 6');
  });

  it('finds exactly the offset where a strict decoder stops, for any bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const at = firstInvalidUtf8(bytes);
        expect(() => strict.decode(bytes.subarray(0, at))).not.toThrow();
        if (at < bytes.length) expect(() => strict.decode(bytes)).toThrow();
      }),
      { numRuns: 2000 },
    );
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    for (const b of [
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
    ])
      expect(firstInvalidUtf8(Uint8Array.from(b))).toBe(0);
  });
});

describe('structureProblem', () => {
  it('refuses deep nesting and wide containers without recursing, and ignores brackets in strings', () => {
    expect(structureProblem('['.repeat(100_000) + ']'.repeat(100_000))).toMatch(/deeper than 32/);
    expect(structureProblem(`{"a":${'['.repeat(32)}${']'.repeat(32)}}`)).toMatch(/deeper/);
    expect(structureProblem(`{"a":${'['.repeat(31)}${']'.repeat(31)}}`)).toBeUndefined();
    expect(structureProblem(JSON.stringify({ s: '[[[[,,,,'.repeat(10_000) }))).toBeUndefined();
    expect(structureProblem(JSON.stringify({ s: 'a\\"[[[' }))).toBeUndefined();
    expect(structureProblem(JSON.stringify(Array.from({ length: 10_000 }, () => 0)))).toBe(
      undefined,
    );
    expect(structureProblem(JSON.stringify(Array.from({ length: 10_001 }, () => 0)))).toMatch(
      /more than 10000 members/,
    );
    // Members are counted per container: many small arrays are fine.
    const many = JSON.stringify(Array.from({ length: 5000 }, () => [1, 2, 3]));
    expect(structureProblem(many)).toBeUndefined();
  });

  it('agrees with the real depth of any JSON value', () => {
    const depth = (v: unknown): number =>
      v !== null && typeof v === 'object'
        ? 1 + Math.max(0, ...Object.values(v as object).map(depth))
        : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        const text = JSON.stringify(v);
        const d = depth(v);
        expect(structureProblem(text, d) === undefined).toBe(true);
        if (d > 0) expect(structureProblem(text, d - 1)).toMatch(/deeper/);
      }),
      { numRuns: 500 },
    );
  });
});
