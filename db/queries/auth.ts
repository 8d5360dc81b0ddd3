import 'server-only';
import { held, ready } from '../transaction';
import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { apiTokens, sessions, users, type Role } from '@/db/schema/auth';
import { perConnection } from '@/db/statements';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/auth';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export type UserRow = typeof users.$inferSelect;
export type TokenRow = typeof apiTokens.$inferSelect;

export async function countUsers(db: DbOrTx): Promise<number> {
  if (isPg(db)) return onPg.countUsers(pgOf(db));
  while (held(db)) await ready(db);
  return db.select({ n: count() }).from(users).get()?.n ?? 0;
}

export async function countActiveAdmins(db: DbOrTx): Promise<number> {
  if (isPg(db)) return onPg.countActiveAdmins(pgOf(db));
  while (held(db)) await ready(db);
  return (
    db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
      .get()?.n ?? 0
  );
}

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  if (isPg(db)) return onPg.findUserByEmail(pgOf(db), email);
  while (held(db)) await ready(db);
  return db.select().from(users).where(eq(users.email, email.toLowerCase())).get();
}

export async function getUser(db: DbOrTx, id: number): Promise<UserRow | undefined> {
  if (isPg(db)) return onPg.getUser(pgOf(db), id);
  while (held(db)) await ready(db);
  return db.select().from(users).where(eq(users.id, id)).get();
}

/** Names and roles of the given users, for sentences about them (the audit log). */
export async function peopleByIds(db: DbOrTx, ids: number[]) {
  if (isPg(db)) return onPg.peopleByIds(pgOf(db), ids);
  while (held(db)) await ready(db);
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(inArray(users.id, ids))
    .all();
}

export async function listUsers(db: DbOrTx): Promise<UserRow[]> {
  if (isPg(db)) return onPg.listUsers(pgOf(db));
  while (held(db)) await ready(db);
  return db.select().from(users).orderBy(asc(users.email)).all();
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  at: number;
}

export async function insertUser(db: DbOrTx, u: NewUser): Promise<UserRow> {
  if (isPg(db)) return onPg.insertUser(pgOf(db), u);
  while (held(db)) await ready(db);
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

export async function updateUser(db: DbOrTx, id: number, patch: UserPatch, at: number) {
  if (isPg(db)) return onPg.updateUser(pgOf(db), id, patch, at);
  while (held(db)) await ready(db);
  return db
    .update(users)
    .set({ ...patch, updatedAt: at })
    .where(eq(users.id, id))
    .returning()
    .get();
}

export async function insertSession(db: DbOrTx, row: typeof sessions.$inferInsert) {
  if (isPg(db)) {
    await onPg.insertSession(pgOf(db), row);
    return;
  }
  while (held(db)) await ready(db);
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
export async function sessionWithUser(db: DbOrTx, idHash: string) {
  if (isPg(db)) return onPg.sessionWithUser(pgOf(db), idHash);
  while (held(db)) await ready(db);
  return sessionQueries(db).get({ idHash });
}

export async function touchSession(db: DbOrTx, idHash: string, at: number) {
  if (isPg(db)) {
    await onPg.touchSession(pgOf(db), idHash, at);
    return;
  }
  while (held(db)) await ready(db);
  db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.idHash, idHash)).run();
}

export async function revokeSession(db: DbOrTx, idHash: string, at: number) {
  if (isPg(db)) {
    await onPg.revokeSession(pgOf(db), idHash, at);
    return;
  }
  while (held(db)) await ready(db);
  db.update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.idHash, idHash), isNull(sessions.revokedAt)))
    .run();
}

/** Ends every session of a user (disabled, role changed, password reset). */
export async function revokeUserSessions(db: DbOrTx, userId: number, at: number): Promise<number> {
  if (isPg(db)) return onPg.revokeUserSessions(pgOf(db), userId, at);
  while (held(db)) await ready(db);
  return db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .run().changes;
}

export async function insertToken(
  db: DbOrTx,
  row: typeof apiTokens.$inferInsert,
): Promise<TokenRow> {
  if (isPg(db)) return onPg.insertToken(pgOf(db), row);
  while (held(db)) await ready(db);
  return db.insert(apiTokens).values(row).returning().get();
}

export async function tokenByHash(db: DbOrTx, hash: string): Promise<TokenRow | undefined> {
  if (isPg(db)) return onPg.tokenByHash(pgOf(db), hash);
  while (held(db)) await ready(db);
  return db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hash)).get();
}

export async function getToken(db: DbOrTx, id: number): Promise<TokenRow | undefined> {
  if (isPg(db)) return onPg.getToken(pgOf(db), id);
  while (held(db)) await ready(db);
  return db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
}

export async function listTokens(db: DbOrTx): Promise<TokenRow[]> {
  if (isPg(db)) return onPg.listTokens(pgOf(db));
  while (held(db)) await ready(db);
  return db.select().from(apiTokens).orderBy(desc(apiTokens.id)).all();
}

export async function revokeToken(db: DbOrTx, id: number, at: number) {
  if (isPg(db)) return onPg.revokeToken(pgOf(db), id, at);
  while (held(db)) await ready(db);
  return db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning()
    .get();
}

export async function touchToken(db: DbOrTx, id: number, at: number) {
  if (isPg(db)) {
    await onPg.touchToken(pgOf(db), id, at);
    return;
  }
  while (held(db)) await ready(db);
  db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id)).run();
}
