import 'server-only';
import { parseCookie } from 'cookie';
import type { Db } from '@/db/client';
import {
  sessionWithUser,
  tokenByHash,
  touchSession,
  touchToken,
  type UserRow,
} from '@/db/queries/auth';
import type { Role } from '@/lib/auth/roles';
import { API_TOKEN_PREFIX, tokenHash } from './tokens';

export const SESSION_COOKIE = 'vf_session';
/** A session not used for this long ends, even before its absolute expiry. */
export const IDLE_SECONDS = 12 * 3600;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_EVERY_S = 60;

export type Principal =
  | { kind: 'user'; id: number; role: Role; label: string; name: string; sessionHash: string }
  | { kind: 'token'; id: number; role: Role; label: string };

export interface Credentials {
  cookie?: string | null;
  authorization?: string | null;
}

const now = () => Math.floor(Date.now() / 1000);

/**
 * Who is asking: a Bearer API token when the request carries one (and only then: a bad token
 * does not fall back to the cookie), else the session cookie. Null when neither is valid.
 */
export async function resolvePrincipal(
  db: Db,
  c: Credentials,
  at = now(),
): Promise<Principal | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.authorization ?? '')?.[1];
  if (c.authorization) return bearer ? await tokenPrincipal(db, bearer, at) : null;
  const token = c.cookie ? parseCookie(c.cookie)[SESSION_COOKIE] : undefined;
  return token ? await sessionPrincipal(db, token, at) : null;
}

export async function sessionPrincipal(
  db: Db,
  token: string,
  at = now(),
): Promise<Principal | null> {
  const hash = tokenHash(token);
  const found = await sessionWithUser(db, hash);
  if (!found) return null;
  const { session, user } = found;
  if (user.disabledAt !== null || session.expiresAt <= at) return null;
  if (at - session.lastSeenAt > IDLE_SECONDS) return null;
  if (at - session.lastSeenAt >= TOUCH_EVERY_S) await touchSession(db, hash, at);
  return userPrincipal(user, hash);
}

export function userPrincipal(user: UserRow, sessionHash: string): Principal {
  return {
    kind: 'user',
    id: user.id,
    role: user.role,
    label: user.email,
    name: user.name,
    sessionHash,
  };
}

async function tokenPrincipal(db: Db, token: string, at: number): Promise<Principal | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await tokenByHash(db, tokenHash(token));
  if (!row || row.revokedAt !== null) return null;
  if (row.expiresAt !== null && row.expiresAt <= at) return null;
  if (row.lastUsedAt === null || at - row.lastUsedAt >= TOUCH_EVERY_S)
    await touchToken(db, row.id, at);
  return { kind: 'token', id: row.id, role: row.role, label: row.name };
}
