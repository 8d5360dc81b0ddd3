// PostgreSQL's twin of db/schema/alerts.ts (documented there); types by docs/decisions.md D99.
import { sql } from 'drizzle-orm';
import { pgTable, bigint, integer, boolean, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { jsonbText, textC } from './columns';
import type { AlertState, ChannelKind, DeliveryState } from '../../../schema';
import { users } from './auth';

export const alerts = pgTable(
  'alerts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    kind: textC('kind').notNull(),
    assetId: textC('asset_id'),
    subject: textC('subject').notNull().default(''),
    conditionKey: textC('condition_key').notNull(),
    state: textC('state').$type<AlertState>().notNull(),
    startedAt: bigint('started_at', { mode: 'number' }).notNull(),
    lastSeenAt: bigint('last_seen_at', { mode: 'number' }).notNull(),
    // jsonb: the alert list sums `details->'shelves'` (db/queries/alert-records.ts); the only
    // JSON the app reads inside in SQL. Every other JSON column is text (D99).
    details: jsonbText('details')
      .notNull()
      .default(sql`'{}'::jsonb`),
    acknowledgedAt: bigint('acknowledged_at', { mode: 'number' }),
    acknowledgedById: bigint('acknowledged_by_id', { mode: 'number' }),
    acknowledgedBy: textC('acknowledged_by'),
    ackNote: textC('ack_note'),
    snoozedUntil: bigint('snoozed_until', { mode: 'number' }),
    assigneeId: bigint('assignee_id', { mode: 'number' }).references(() => users.id),
    resolvedAt: bigint('resolved_at', { mode: 'number' }),
    resolvedBy: textC('resolved_by'),
    resolveNote: textC('resolve_note'),
    escalatedAt: bigint('escalated_at', { mode: 'number' }),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('alerts_live_condition_uq')
      .on(t.conditionKey)
      .where(sql`${t.state} <> 'resolved'`),
    index('alerts_state_started_idx').on(t.state, t.startedAt),
    index('alerts_asset_started_idx').on(t.assetId, t.startedAt),
    index('alerts_kind_state_idx').on(t.kind, t.state),
  ],
);

export const alertEvents = pgTable(
  'alert_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    alertId: bigint('alert_id', { mode: 'number' })
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    at: bigint('at', { mode: 'number' }).notNull(),
    type: textC('type').notNull(),
    by: textC('by'),
    note: textC('note'),
    details: textC('details'),
  },
  (t) => [index('alert_events_alert_idx').on(t.alertId, t.at)],
);

export const alertConditions = pgTable('alert_conditions', {
  conditionKey: textC('condition_key').primaryKey(),
  kind: textC('kind').notNull(),
  assetId: textC('asset_id'),
  subject: textC('subject').notNull().default(''),
  firstSeenAt: bigint('first_seen_at', { mode: 'number' }),
  lastSeenAt: bigint('last_seen_at', { mode: 'number' }),
  clearSince: bigint('clear_since', { mode: 'number' }),
  details: textC('details').notNull().default('{}'),
});

export const notificationChannels = pgTable('notification_channels', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  kind: textC('kind').$type<ChannelKind>().notNull(),
  name: textC('name').notNull(),
  config: textC('config').notNull(),
  summary: textC('summary').notNull().default(''),
  failures: integer('failures').notNull().default(0),
  lastOkAt: bigint('last_ok_at', { mode: 'number' }),
  lastFailedAt: bigint('last_failed_at', { mode: 'number' }),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  createdBy: textC('created_by').notNull(),
  deletedAt: bigint('deleted_at', { mode: 'number' }),
});

export const notificationRules = pgTable('notification_rules', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  channelId: bigint('channel_id', { mode: 'number' })
    .notNull()
    .references(() => notificationChannels.id),
  kinds: textC('kinds'),
  lineIds: textC('line_ids'),
  areas: textC('areas'),
  assetIds: textC('asset_ids'),
  quietFrom: textC('quiet_from'),
  quietTo: textC('quiet_to'),
  escalateAfterMinutes: integer('escalate_after_minutes'),
  escalateChannelId: bigint('escalate_channel_id', { mode: 'number' }).references(
    () => notificationChannels.id,
  ),
  language: textC('language').$type<'zh-CN' | 'en'>().notNull().default('zh-CN'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  createdBy: textC('created_by').notNull(),
  deletedAt: bigint('deleted_at', { mode: 'number' }),
});

export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    dedupeKey: textC('dedupe_key').notNull(),
    channelId: bigint('channel_id', { mode: 'number' })
      .notNull()
      .references(() => notificationChannels.id),
    ruleId: bigint('rule_id', { mode: 'number' }).references(() => notificationRules.id),
    alertId: bigint('alert_id', { mode: 'number' }).references(() => alerts.id),
    transition: textC('transition').notNull(),
    language: textC('language').$type<'zh-CN' | 'en'>().notNull(),
    state: textC('state').$type<DeliveryState>().notNull(),
    payload: textC('payload'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    deliveredAt: bigint('delivered_at', { mode: 'number' }),
    lastStatus: integer('last_status'),
    lastAnswer: textC('last_answer'),
  },
  (t) => [
    uniqueIndex('notification_deliveries_dedupe_uq').on(t.dedupeKey),
    index('notification_deliveries_due_idx').on(t.state, t.nextAttemptAt),
    index('notification_deliveries_alert_idx').on(t.alertId),
    index('notification_deliveries_created_idx').on(t.createdAt),
  ],
);

export const notificationAttempts = pgTable(
  'notification_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    deliveryId: bigint('delivery_id', { mode: 'number' })
      .notNull()
      .references(() => notificationDeliveries.id, { onDelete: 'cascade' }),
    at: bigint('at', { mode: 'number' }).notNull(),
    ok: boolean('ok').notNull(),
    status: integer('status'),
    answer: textC('answer'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('notification_attempts_delivery_idx').on(t.deliveryId, t.at)],
);

export const reportSchedules = pgTable('report_schedules', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  report: textC('report').notNull(),
  channelId: bigint('channel_id', { mode: 'number' })
    .notNull()
    .references(() => notificationChannels.id),
  at: textC('at').notNull(),
  language: textC('language').$type<'zh-CN' | 'en'>().notNull().default('zh-CN'),
  lastQueuedFor: textC('last_queued_for'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  createdBy: textC('created_by').notNull(),
  deletedAt: bigint('deleted_at', { mode: 'number' }),
});

export const leases = pgTable('leases', {
  name: textC('name').primaryKey(),
  holder: textC('holder').notNull(),
  expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
});

export const backups = pgTable(
  'backups',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    startedAt: bigint('started_at', { mode: 'number' }).notNull(),
    finishedAt: bigint('finished_at', { mode: 'number' }),
    file: textC('file'),
    bytes: bigint('bytes', { mode: 'number' }),
    durationMs: integer('duration_ms'),
    outcome: textC('outcome').notNull(),
    error: textC('error'),
    uploadedTo: textC('uploaded_to'),
    uploadedAt: bigint('uploaded_at', { mode: 'number' }),
    uploadError: textC('upload_error'),
  },
  (t) => [index('backups_started_idx').on(t.startedAt)],
);
