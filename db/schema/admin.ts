import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

export type ActorKind = 'user' | 'token' | 'system';

/** Every change made through the app: who, what, before and after, when. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actorKind: text('actor_kind').$type<ActorKind>().notNull(),
    actorId: integer('actor_id'),
    /** The actor as shown (an e-mail or a token's name), kept even if the actor goes. */
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    targetKind: text('target_kind'),
    targetId: text('target_id'),
    /** JSON, secrets masked. */
    before: text('before'),
    after: text('after'),
    ip: text('ip'),
  },
  (t) => [
    index('audit_at_idx').on(t.at),
    index('audit_target_idx').on(t.targetKind, t.targetId),
    index('audit_action_idx').on(t.action, t.at),
  ],
);

export type Platform = 'smartvending' | 'saas';

/**
 * Platform credentials set by an admin; they take precedence over the environment. `account`
 * is the Smart Vending clientId or the SAAS appID; `secret` is AES-256-GCM ciphertext of a
 * JSON object ({key} or {key, secret}) under a key derived from APP_SECRET.
 */
export const platformCredentials = sqliteTable(
  'platform_credentials',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform').$type<Platform>().notNull(),
    account: text('account').notNull(),
    secret: text('secret').notNull(),
    /** The form we sign in (D70); `ampersand` and `bare`, from before, read as amp-upper and bare-upper. */
    signMode: text('sign_mode').$type<
      'bare-lower' | 'bare-upper' | 'amp-lower' | 'amp-upper' | 'ampersand' | 'bare'
    >(),
    baseUrl: text('base_url'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('platform_credentials_uq').on(t.platform, t.account)],
);

/** Small settings an admin changes in the app (e.g. alert thresholds): JSON per key. */
export const appSettings = sqliteTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/**
 * What a Smart Vending client's platform means by its messages, per clientId (the environment's
 * client included), set by an admin in Settings. `doorOpen`: the `doorState` value that means
 * open (seed 000: 0; the vendor's own code: 1), applied as a status is read (D70).
 */
export const clientSettings = sqliteTable('client_settings', {
  clientId: text('client_id').primaryKey(),
  doorOpen: integer('door_open').$type<0 | 1>().notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});
