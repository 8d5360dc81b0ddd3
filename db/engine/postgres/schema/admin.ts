// PostgreSQL's twin of db/schema/admin.ts (documented there); types by docs/decisions.md D99.
import { pgTable, bigint, smallint, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { textC } from './columns';
import type { ActorKind, Platform } from '../../../schema';

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    at: bigint('at', { mode: 'number' }).notNull(),
    actorKind: textC('actor_kind').$type<ActorKind>().notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorLabel: textC('actor_label').notNull(),
    action: textC('action').notNull(),
    targetKind: textC('target_kind'),
    targetId: textC('target_id'),
    before: textC('before'),
    after: textC('after'),
    ip: textC('ip'),
  },
  (t) => [
    index('audit_at_idx').on(t.at),
    index('audit_target_idx').on(t.targetKind, t.targetId),
    index('audit_action_idx').on(t.action, t.at),
  ],
);

export const platformCredentials = pgTable(
  'platform_credentials',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    platform: textC('platform').$type<Platform>().notNull(),
    account: textC('account').notNull(),
    secret: textC('secret').notNull(),
    signMode: textC('sign_mode').$type<
      'bare-lower' | 'bare-upper' | 'amp-lower' | 'amp-upper' | 'ampersand' | 'bare'
    >(),
    baseUrl: textC('base_url'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('platform_credentials_uq').on(t.platform, t.account)],
);

export const appSettings = pgTable('app_settings', {
  key: textC('key').primaryKey(),
  value: textC('value').notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  updatedBy: textC('updated_by'),
});

export const clientSettings = pgTable('client_settings', {
  clientId: textC('client_id').primaryKey(),
  doorOpen: smallint('door_open').$type<0 | 1>().notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  updatedBy: textC('updated_by'),
});
