import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets at rest: AES-256-GCM under a key derived from APP_SECRET with HKDF-SHA256, a random
 * 96-bit IV per value, stored as `v1.<iv>.<tag>.<ciphertext>` (base64url). The tag makes a
 * wrong APP_SECRET or a tampered value fail loudly instead of decrypting to garbage.
 */
const INFO = 'vending-dashboard settings v1';

function keyFrom(appSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', appSecret, 'platform-credentials', INFO, 32));
}

export function seal(appSecret: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(appSecret), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export class SecretboxError extends Error {}

export function open(appSecret: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined)
    throw new SecretboxError('not a sealed value');
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      keyFrom(appSecret),
      Buffer.from(iv, 'base64url'),
    );
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new SecretboxError('cannot decrypt: APP_SECRET changed or the value was altered');
  }
}
