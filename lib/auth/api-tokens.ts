import 'server-only';
import type { Db } from '@/db/client';
import { getToken, insertToken, revokeToken, type TokenRow } from '@/db/queries/auth';
import type { Role } from '@/lib/auth/roles';
import { inTransaction } from '@/db/prepared';
import type { Caller } from '@/lib/edge/caller';
import { ApiError } from '@/lib/edge/errors';
import { audit } from '@/lib/admin/audit';
import { API_TOKEN_PREFIX, randomToken, tokenHash } from './tokens';

const now = () => Math.floor(Date.now() / 1000);

export function tokenView(t: TokenRow) {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    prefix: t.prefix,
    createdAt: t.createdAt,
    lastUsedAt: t.lastUsedAt,
    expiresAt: t.expiresAt,
    revoked: t.revokedAt !== null,
    revokedAt: t.revokedAt,
  };
}

/** Creates a token; the secret is in the answer once and never again. */
export async function createApiToken(
  db: Db,
  caller: Caller,
  t: { name: string; role: Role; expiresAt?: number },
) {
  const token = randomToken(API_TOKEN_PREFIX);
  return await inTransaction(db, async () => {
    const row = await insertToken(db, {
      name: t.name,
      role: t.role,
      tokenHash: tokenHash(token),
      prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      createdBy: caller.principal?.kind === 'user' ? caller.principal.id : null,
      createdAt: now(),
      expiresAt: t.expiresAt ?? null,
    });
    await audit(db, caller, {
      action: 'token.create',
      targetKind: 'token',
      targetId: row.id,
      after: tokenView(row),
    });
    return { ...tokenView(row), token };
  });
}

export async function revokeApiToken(db: Db, caller: Caller, id: number) {
  return await inTransaction(db, async () => {
    const before = await getToken(db, id);
    if (!before) throw new ApiError('NOT_FOUND', `token ${id} does not exist`);
    if (before.revokedAt !== null) return tokenView(before);
    const after = (await revokeToken(db, id, now()))!;
    await audit(db, caller, {
      action: 'token.revoke',
      targetKind: 'token',
      targetId: id,
      before: tokenView(before),
      after: tokenView(after),
    });
    return tokenView(after);
  });
}
