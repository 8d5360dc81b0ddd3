import 'server-only';
import type { Db } from '@/db/client';
import {
  countActiveAdmins,
  countUsers,
  findUserByEmail,
  getUser,
  insertSession,
  insertUser,
  revokeSession,
  revokeUserSessions,
  updateUser,
  type UserRow,
} from '@/db/queries/auth';
import type { Role } from '@/lib/auth/roles';
import { inTransaction } from '@/db/prepared';
import { isUniqueViolation } from '@/db/errors';
import { ApiError } from '@/lib/edge/errors';
import type { Caller } from '@/lib/edge/caller';
import { audit } from '@/lib/admin/audit';
import { decoyHash, hashPassword, verifyPassword } from './password';
import { userPrincipal, type Principal } from './principal';
import { attemptSucceeded, takeAttempt } from './throttle';
import { randomToken, tokenHash } from './tokens';

const now = () => Math.floor(Date.now() / 1000);

/** A user as the API shows it: never the hash. */
export function userView(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabledAt !== null,
    disabledAt: u.disabledAt,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

export interface SignIn {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
  ttlHours: number;
}

/**
 * Checks a password and opens a session. Each attempt is counted per account and per address
 * before the password is even looked at (so concurrent guesses cannot outrun the lockout, and
 * a locked account refuses the right password too); an unknown account costs the same time as
 * a wrong password.
 */
export async function signIn(db: Db, s: SignIn) {
  const email = s.email.trim().toLowerCase();
  const wait = await takeAttempt(db, email, s.ip);
  if (wait > 0) {
    throw new ApiError(
      'TOO_MANY_REQUESTS',
      `too many failed sign-ins: try again in ${Math.ceil(wait / 60)} min`,
      { 'Retry-After': String(wait) },
    );
  }
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(s.password, user?.passwordHash ?? (await decoyHash()));
  const caller: Caller = { principal: null, ip: s.ip };
  if (!user || !ok || user.disabledAt !== null) {
    // The failure was counted when the attempt was taken.
    await audit(db, caller, { action: 'auth.login_failed', targetKind: 'user', targetId: email });
    throw new ApiError('UNAUTHORIZED', 'the e-mail or password is wrong');
  }
  await attemptSucceeded(db, email, s.ip);
  const token = randomToken();
  const at = now();
  const expiresAt = at + s.ttlHours * 3600;
  await inTransaction(db, async () => {
    await insertSession(db, {
      idHash: tokenHash(token),
      userId: user.id,
      createdAt: at,
      lastSeenAt: at,
      expiresAt,
      ip: s.ip,
      userAgent: s.userAgent?.slice(0, 300) ?? null,
    });
    await audit(
      db,
      { principal: userPrincipal(user, tokenHash(token)), ip: s.ip },
      { action: 'auth.login', targetKind: 'user', targetId: user.id },
      at,
    );
  });
  return { token, expiresAt, user: userView(user) };
}

export async function signOut(db: Db, principal: Principal | null, ip: string | null) {
  if (principal?.kind !== 'user') return;
  await inTransaction(db, async () => {
    await revokeSession(db, principal.sessionHash, now());
    await audit(
      db,
      { principal, ip },
      { action: 'auth.logout', targetKind: 'user', targetId: principal.id },
    );
  });
}

export interface NewUserInput {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export async function createUser(db: Db, caller: Caller | 'system', u: NewUserInput) {
  const passwordHash = await hashPassword(u.password);
  const taken = () => new ApiError('CONFLICT', `a user with e-mail ${u.email} already exists`);
  try {
    return await inTransaction(db, async () => {
      if (await findUserByEmail(db, u.email)) throw taken();
      const row = await insertUser(db, { ...u, passwordHash, at: now() });
      await audit(db, caller, {
        action: 'user.create',
        targetKind: 'user',
        targetId: row.id,
        after: userView(row),
      });
      return userView(row);
    });
  } catch (e) {
    // Another transaction added the address between the look and the insert (PostgreSQL):
    // two app processes starting at once both create the first admin.
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
}

export interface UserChange {
  name?: string;
  role?: Role;
  disabled?: boolean;
  password?: string;
}

/**
 * Changes a user. Disabling, a new role or a password reset end the user's sessions, so the
 * change takes effect at once. The last active admin cannot be demoted or disabled.
 */
export async function changeUser(db: Db, caller: Caller, id: number, c: UserChange) {
  const passwordHash = c.password ? await hashPassword(c.password) : undefined;
  return inTransaction(db, async () => {
    const before = await getUser(db, id);
    if (!before) throw new ApiError('NOT_FOUND', `user ${id} does not exist`);
    const at = now();
    const losesAdmin =
      before.role === 'admin' &&
      before.disabledAt === null &&
      ((c.role && c.role !== 'admin') || c.disabled === true);
    if (losesAdmin && (await countActiveAdmins(db)) <= 1)
      throw new ApiError('CONFLICT', 'this is the last active admin: add another admin first');
    const after = (await updateUser(
      db,
      id,
      {
        ...(c.name !== undefined && { name: c.name }),
        ...(c.role !== undefined && { role: c.role }),
        ...(c.disabled !== undefined && {
          disabledAt: c.disabled ? (before.disabledAt ?? at) : null,
        }),
        ...(passwordHash && { passwordHash }),
      },
      at,
    ))!;
    const endsSessions =
      (c.disabled === true && before.disabledAt === null) ||
      (c.role !== undefined && c.role !== before.role) ||
      passwordHash !== undefined;
    const ended = endsSessions ? await revokeUserSessions(db, id, at) : 0;
    await audit(
      db,
      caller,
      {
        action: passwordHash ? 'user.password_reset' : 'user.update',
        targetKind: 'user',
        targetId: id,
        before: userView(before),
        after: {
          ...userView(after),
          ...(passwordHash && { password: 'reset' }),
          sessionsEnded: ended,
        },
      },
      at,
    );
    return userView(after);
  });
}

/** The first admin, from ADMIN_EMAIL and ADMIN_PASSWORD, when there is no user at all. */
export async function ensureFirstAdmin(
  db: Db,
  email: string | undefined,
  password: string | undefined,
): Promise<'created' | 'exists' | 'missing'> {
  if ((await countUsers(db)) > 0) return 'exists';
  if (!email || !password) return 'missing';
  try {
    await createUser(db, 'system', { email, name: 'Admin', role: 'admin', password });
  } catch (e) {
    // Another app process starting beside this one created it first (D101).
    if (e instanceof ApiError && e.code === 'CONFLICT') return 'exists';
    throw e;
  }
  return 'created';
}
