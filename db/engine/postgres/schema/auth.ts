// PostgreSQL's twin of db/schema/auth.ts (documented there); types by docs/decisions.md D99.
import { pgTable, bigint, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { textC } from './columns';
import type { Role } from '../../../schema';

export const users = pgTable(
  'users',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    email: textC('email').notNull(),
    name: textC('name').notNull(),
    role: textC('role').$type<Role>().notNull(),
    passwordHash: textC('password_hash').notNull(),
    disabledAt: bigint('disabled_at', { mode: 'number' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email)],
);

export const sessions = pgTable(
  'sessions',
  {
    idHash: textC('id_hash').primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    lastSeenAt: bigint('last_seen_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
    revokedAt: bigint('revoked_at', { mode: 'number' }),
    ip: textC('ip'),
    userAgent: textC('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    name: textC('name').notNull(),
    role: textC('role').$type<Role>().notNull(),
    tokenHash: textC('token_hash').notNull(),
    prefix: textC('prefix').notNull(),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => users.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    lastUsedAt: bigint('last_used_at', { mode: 'number' }),
    expiresAt: bigint('expires_at', { mode: 'number' }),
    revokedAt: bigint('revoked_at', { mode: 'number' }),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash)],
);

export const authThrottle = pgTable('auth_throttle', {
  key: textC('key').primaryKey(),
  points: bigint('points', { mode: 'number' }).notNull().default(0),
  expire: bigint('expire', { mode: 'number' }),
});
