import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, URL-safe: session cookies and API tokens. */
export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Tokens are stored as their SHA-256: a database leak does not hand out sessions. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const API_TOKEN_PREFIX = 'vft_';
