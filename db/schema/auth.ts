import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

import type { Role } from '../codes';

export { ROLES, type Role } from '../codes';

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Stored lower-cased: sign-in is case-insensitive on the address. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').$type<Role>().notNull(),
    /** `scrypt$N$r$p$salt$hash` (lib/auth/password.ts). */
    passwordHash: text('password_hash').notNull(),
    disabledAt: integer('disabled_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email)],
);

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is kept here. */
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Integration tokens: shown once, kept as SHA-256, each scoped to one role. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    role: text('role').$type<Role>().notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the token, so an admin can tell tokens apart. */
    prefix: text('prefix').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
    expiresAt: integer('expires_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash)],
);

/**
 * The store of rate-limiter-flexible's RateLimiterSQLite (failed sign-ins per account and per
 * address), created here so the migrations own every table. `expire` is in milliseconds.
 */
export const authThrottle = sqliteTable('auth_throttle', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: integer('expire'),
});
