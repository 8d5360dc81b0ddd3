import 'server-only';
import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { apiTokens, sessions, users, type Role } from '@/db/schema/auth';
import { perConnection } from '@/db/statements';

export type UserRow = typeof users.$inferSelect;
export type TokenRow = typeof apiTokens.$inferSelect;

export function countUsers(db: DbOrTx): number {
  return db.select({ n: count() }).from(users).get()?.n ?? 0;
}

export function countActiveAdmins(db: DbOrTx): number {
  return (
    db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
      .get()?.n ?? 0
  );
}

export function findUserByEmail(db: DbOrTx, email: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.email, email.toLowerCase())).get();
}

export function getUser(db: DbOrTx, id: number): UserRow | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

/** Names and roles of the given users, for sentences about them (the audit log). */
export function peopleByIds(db: DbOrTx, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(inArray(users.id, ids))
    .all();
}

export function listUsers(db: DbOrTx): UserRow[] {
  return db.select().from(users).orderBy(asc(users.email)).all();
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  at: number;
}

export function insertUser(db: DbOrTx, u: NewUser): UserRow {
  return db
    .insert(users)
    .values({
      email: u.email.toLowerCase(),
      name: u.name,
      role: u.role,
      passwordHash: u.passwordHash,
      createdAt: u.at,
      updatedAt: u.at,
    })
    .returning()
    .get();
}

export type UserPatch = Partial<Pick<UserRow, 'name' | 'role' | 'passwordHash' | 'disabledAt'>>;

export function updateUser(db: DbOrTx, id: number, patch: UserPatch, at: number) {
  return db
    .update(users)
    .set({ ...patch, updatedAt: at })
    .where(eq(users.id, id))
    .returning()
    .get();
}

export function insertSession(db: DbOrTx, row: typeof sessions.$inferInsert) {
  db.insert(sessions).values(row).run();
}

function sessionQuery(db: DbOrTx) {
  return db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, sql.placeholder('idHash')), isNull(sessions.revokedAt)))
    .prepare();
}
const sessionQueries = perConnection(sessionQuery);

/**
 * A live session's row and its user (not revoked; expiry is checked by the caller). Every
 * request of a signed-in user asks this twice (the server's gate and the route), so the query
 * is built once per connection.
 */
export function sessionWithUser(db: DbOrTx, idHash: string) {
  return sessionQueries(db).get({ idHash });
}

export function touchSession(db: DbOrTx, idHash: string, at: number) {
  db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.idHash, idHash)).run();
}

export function revokeSession(db: DbOrTx, idHash: string, at: number) {
  db.update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.idHash, idHash), isNull(sessions.revokedAt)))
    .run();
}

/** Ends every session of a user (disabled, role changed, password reset). */
export function revokeUserSessions(db: DbOrTx, userId: number, at: number): number {
  return db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .run().changes;
}

export function insertToken(db: DbOrTx, row: typeof apiTokens.$inferInsert): TokenRow {
  return db.insert(apiTokens).values(row).returning().get();
}

export function tokenByHash(db: DbOrTx, hash: string): TokenRow | undefined {
  return db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hash)).get();
}

export function getToken(db: DbOrTx, id: number): TokenRow | undefined {
  return db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
}

export function listTokens(db: DbOrTx): TokenRow[] {
  return db.select().from(apiTokens).orderBy(desc(apiTokens.id)).all();
}

export function revokeToken(db: DbOrTx, id: number, at: number) {
  return db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning()
    .get();
}

export function touchToken(db: DbOrTx, id: number, at: number) {
  db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id)).run();
}
