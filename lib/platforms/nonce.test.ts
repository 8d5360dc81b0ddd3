import { describe, expect, it } from 'vitest';
import { nonceText } from './nonce';

describe('nonceText (D62, D112)', () => {
  const of = (body: string) =>
    nonceText(JSON.parse(body) as Record<string, unknown>, body, 'nonce_str');

  it('reads a string as its value and a number as its text in the body', () => {
    expect(of('{"nonce_str":"abc"}')).toBe('abc');
    expect(of('{"nonce_str":12345678901234567890}')).toBe('12345678901234567890');
    expect(of('{"nonce_str":""}')).toBeNull();
    expect(of('{"nonce_str":[1]}')).toBeNull();
  });

  it('keeps a NUL character as its escape, which PostgreSQL’s text can hold', () => {
    expect(of('{"nonce_str":"n\\u00001"}')).toBe('n\\u00001');
    expect(of('{"nonce_str":"n\\u00001"}')).not.toContain('\u0000');
  });
});
