import 'server-only';
import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { apiTokens, sessions, users } from '@/db/engine/postgres/schema';
import type { NewUser, TokenRow, UserPatch, UserRow } from '@/db/queries/auth';
import type { apiTokens as liteTokens, sessions as liteSessions } from '@/db/schema/auth';

// PostgreSQL's forms of db/queries/auth.ts (documented there). Sessions and tokens live in the
// database, so a session made through one app process is valid on every other (issue 22 item 3).

export async function countUsers(db: PgDbOrTx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function countActiveAdmins(db: PgDbOrTx): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)));
  return row?.n ?? 0;
}

export async function findUserByEmail(db: PgDbOrTx, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

export async function getUser(db: PgDbOrTx, id: number): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function peopleByIds(
  db: PgDbOrTx,
  ids: number[],
): Promise<{ id: number; name: string; role: UserRow['role'] }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(inArray(users.id, ids))
    .orderBy(asc(users.id));
}

export async function listUsers(db: PgDbOrTx): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.email));
}

export async function insertUser(db: PgDbOrTx, u: NewUser): Promise<UserRow> {
  const [row] = await db
    .insert(users)
    .values({
      email: u.email.toLowerCase(),
      name: u.name,
      role: u.role,
      passwordHash: u.passwordHash,
      createdAt: u.at,
      updatedAt: u.at,
    })
    .returning();
  return row!;
}

/**
 * Typed as SQLite's (Drizzle types `.returning().get()` as a row): both answer undefined when
 * no user has the id.
 */
export async function updateUser(
  db: PgDbOrTx,
  id: number,
  patch: UserPatch,
  at: number,
): Promise<UserRow> {
  const [row] = await db
    .update(users)
    .set({ ...patch, updatedAt: at })
    .where(eq(users.id, id))
    .returning();
  return row!;
}

export async function insertSession(
  db: PgDbOrTx,
  row: typeof liteSessions.$inferInsert,
): Promise<void> {
  await db.insert(sessions).values(row);
}

/**
 * Every request of a signed-in user asks this twice: a named prepared statement, parsed once
 * per pooled connection (pg keeps it by name), where SQLite kept one per connection.
 */
export async function sessionWithUser(
  db: PgDbOrTx,
  idHash: string,
): Promise<{ session: typeof liteSessions.$inferSelect; user: UserRow } | undefined> {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, sql.placeholder('idHash')), isNull(sessions.revokedAt)))
    .prepare('auth_session_with_user')
    .execute({ idHash });
  return row;
}

export async function touchSession(db: PgDbOrTx, idHash: string, at: number): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.idHash, idHash));
}

export async function revokeSession(db: PgDbOrTx, idHash: string, at: number): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.idHash, idHash), isNull(sessions.revokedAt)));
}

export async function revokeUserSessions(
  db: PgDbOrTx,
  userId: number,
  at: number,
): Promise<number> {
  const r = await db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
  return r.rowCount ?? 0;
}

export async function insertToken(
  db: PgDbOrTx,
  row: typeof liteTokens.$inferInsert,
): Promise<TokenRow> {
  const [inserted] = await db.insert(apiTokens).values(row).returning();
  return inserted!;
}

export async function tokenByHash(db: PgDbOrTx, hash: string): Promise<TokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hash));
  return row;
}

export async function getToken(db: PgDbOrTx, id: number): Promise<TokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

export async function listTokens(db: PgDbOrTx): Promise<TokenRow[]> {
  return db.select().from(apiTokens).orderBy(desc(apiTokens.id));
}

/** Typed as SQLite's: undefined, on both, when the token is unknown or revoked already. */
export async function revokeToken(db: PgDbOrTx, id: number, at: number): Promise<TokenRow> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning();
  return row!;
}

export async function touchToken(db: PgDbOrTx, id: number, at: number): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
}
