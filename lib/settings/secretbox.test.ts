import { describe, expect, it } from 'vitest';
import { open, seal, SecretboxError } from './secretbox';

const SECRET = 'a-secret-of-at-least-32-characters!!';

describe('secretbox', () => {
  it('round-trips and never stores the plaintext', () => {
    const sealed = seal(SECRET, '{"key":"platform-key"}');
    expect(sealed).not.toContain('platform-key');
    expect(open(SECRET, sealed)).toBe('{"key":"platform-key"}');
    expect(seal(SECRET, 'x')).not.toBe(seal(SECRET, 'x'));
  });
  it('refuses a wrong APP_SECRET or an altered value', () => {
    const sealed = seal(SECRET, 'value');
    expect(() => open('another-secret-of-32-characters-long', sealed)).toThrow(SecretboxError);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => open(SECRET, parts.join('.'))).toThrow(SecretboxError);
    expect(() => open(SECRET, 'garbage')).toThrow(SecretboxError);
  });
});
