import { randomBytes } from 'node:crypto';

/** A random 32-character nonce for signed messages we send. */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}
