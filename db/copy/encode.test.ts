import { describe, expect, it } from 'vitest';
import { field, keyFromJson, keyToJson, line, ValueError } from './encode';

describe('a value as a field of COPY text format', () => {
  it('escapes exactly the four characters COPY reads specially, and writes NULL as \\N', () => {
    expect(field('a\tb\nc\\d\re "q" 🍵', 'text')).toBe('a\\tb\\nc\\\\d\\re "q" 🍵');
    expect(field(null, 'text')).toBe('\\N');
    expect(field('\\N', 'text')).toBe('\\\\N');
    expect(field('', 'text')).toBe('');
  });

  it('turns 0/1 into a boolean and refuses anything else', () => {
    expect(field(1n, 'boolean')).toBe('t');
    expect(field(0n, 'boolean')).toBe('f');
    expect(() => field(2n, 'boolean')).toThrow(ValueError);
  });

  it('writes integers with every digit, and refuses a fraction in an integer column', () => {
    expect(field(9007199254740993n, 'bigint')).toBe('9007199254740993');
    expect(field(-150n, 'integer')).toBe('-150');
    expect(() => field(1.5, 'integer')).toThrow(/1.5.*not a whole number/);
    expect(() => field('abc', 'bigint')).toThrow(ValueError);
  });

  it('writes bytes as hex bytea, text stored in a bytea column as its UTF-8 bytes', () => {
    expect(field(Buffer.from([0, 9, 92, 255]), 'bytea')).toBe('\\\\x00095cff');
    expect(field('é', 'bytea')).toBe('\\\\xc3a9');
  });

  it('refuses text PostgreSQL cannot hold rather than changing it', () => {
    expect(() => field('a\0b', 'text')).toThrow(/NUL/);
    expect(() => field(Buffer.from([0xff, 0xfe]), 'text')).toThrow(/not UTF-8/);
  });

  it('keeps JSON text as it is (PostgreSQL parses it into jsonb)', () => {
    expect(field('{"a":"x\\ny"}', 'jsonb')).toBe('{"a":"x\\\\ny"}');
  });

  it('joins a row with tabs and ends it with a newline', () => {
    expect(line([1n, null, 'x'], ['bigint', 'text', 'text'])).toBe('1\t\\N\tx\n');
  });
});

describe('a key in the progress table', () => {
  it('round-trips integers beyond 2^53, text and bytes', () => {
    const key = [9007199254740993n, 'M-01', Buffer.from([1, 2])];
    expect(keyFromJson(keyToJson(key))).toEqual(key);
  });
});
