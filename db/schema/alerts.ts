import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth';

/** An alert's life (issue 19): open → acknowledged → resolved. Snoozing and assigning keep the state. */
export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/**
 * A condition that started and (later) ended: a machine offline, a room warm, a sync job
 * failing. One row per occurrence; at most one unresolved row per condition
 * (`condition_key` = kind, machine and subject), so a condition seen again while its alert is
 * open updates that alert instead of raising another.
 */
export const alerts = sqliteTable(
  'alerts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    /** The machine it is about; null for the app's own conditions (a sync job, a channel). */
    assetId: text('asset_id'),
    /** What within the machine or kind: `cid:room` for a temperature, a job's name, a channel id. */
    subject: text('subject').notNull().default(''),
    /** `kind|assetId|subject`: the condition, unique among unresolved alerts. */
    conditionKey: text('condition_key').notNull(),
    state: text('state').$type<AlertState>().notNull(),
    /** When the condition began (not when it was noticed). */
    startedAt: integer('started_at').notNull(),
    /** When the evaluator last saw the condition hold. */
    lastSeenAt: integer('last_seen_at').notNull(),
    /** JSON: kind-specific facts (peak temperature, minutes out of band, shelves, fault codes). */
    details: text('details').notNull().default('{}'),
    acknowledgedAt: integer('acknowledged_at'),
    acknowledgedById: integer('acknowledged_by_id'),
    /** The actor as shown, kept if the user goes. */
    acknowledgedBy: text('acknowledged_by'),
    ackNote: text('ack_note'),
    snoozedUntil: integer('snoozed_until'),
    assigneeId: integer('assignee_id').references(() => users.id),
    resolvedAt: integer('resolved_at'),
    /** Null when the condition ended by itself; otherwise the actor who resolved it by hand. */
    resolvedBy: text('resolved_by'),
    resolveNote: text('resolve_note'),
    /** When it was escalated to a second channel, once. */
    escalatedAt: integer('escalated_at'),
    updatedAt: integer('updated_at').notNull(),
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

/** An alert's timeline: each change, by the condition or by a person. */
export const alertEvents = sqliteTable(
  'alert_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    /** opened | worsened | acknowledged | snoozed | assigned | escalated | resolved */
    type: text('type').notNull(),
    /** The actor as shown; null for the evaluator. */
    by: text('by'),
    note: text('note'),
    /** JSON: what changed (the new peak, the snooze's end, the assignee). */
    details: text('details'),
  },
  (t) => [index('alert_events_alert_idx').on(t.alertId, t.at)],
);

/**
 * A condition seen but not yet an alert (it has not lasted its kind's minimum duration), or an
 * alert's condition seen ending but not yet for long enough to resolve it: the evaluator's
 * hysteresis memory, so a reading wobbling at a band's edge neither raises nor flaps.
 */
export const alertConditions = sqliteTable('alert_conditions', {
  conditionKey: text('condition_key').primaryKey(),
  kind: text('kind').notNull(),
  assetId: text('asset_id'),
  subject: text('subject').notNull().default(''),
  /** When the condition was first seen holding in this run of it. */
  firstSeenAt: integer('first_seen_at'),
  /** When it was last seen holding. */
  lastSeenAt: integer('last_seen_at'),
  /** When it was first seen not holding while its alert is open. */
  clearSince: integer('clear_since'),
  details: text('details').notNull().default('{}'),
});

export type ChannelKind = 'webhook' | 'wecom' | 'dingtalk' | 'feishu' | 'email';

/**
 * Where notifications go. `config` is AES-256-GCM ciphertext (lib/settings/secretbox.ts) of the
 * channel's JSON settings: robot URLs carry their tokens, so the URL is a secret too.
 * `summary` is what may be shown (the host, the recipients). Deleting keeps the row (deliveries
 * refer to it) and sets `deleted_at`.
 */
export const notificationChannels = sqliteTable('notification_channels', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind').$type<ChannelKind>().notNull(),
  name: text('name').notNull(),
  config: text('config').notNull(),
  summary: text('summary').notNull().default(''),
  /** Consecutive failed deliveries; a channel that keeps failing raises its own alert. */
  failures: integer('failures').notNull().default(0),
  lastOkAt: integer('last_ok_at'),
  lastFailedAt: integer('last_failed_at'),
  createdAt: integer('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  deletedAt: integer('deleted_at'),
});

/**
 * Which alerts go to which channel. Each filter is a JSON array or null (any); an alert must
 * pass all of them. Quiet hours are `HH:MM` in the fleet's time zone; `language` is the
 * messages' language.
 */
export const notificationRules = sqliteTable('notification_rules', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  channelId: integer('channel_id')
    .notNull()
    .references(() => notificationChannels.id),
  kinds: text('kinds'),
  lineIds: text('line_ids'),
  areas: text('areas'),
  assetIds: text('asset_ids'),
  quietFrom: text('quiet_from'),
  quietTo: text('quiet_to'),
  escalateAfterMinutes: integer('escalate_after_minutes'),
  escalateChannelId: integer('escalate_channel_id').references(() => notificationChannels.id),
  language: text('language').$type<'zh-CN' | 'en'>().notNull().default('zh-CN'),
  createdAt: integer('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  deletedAt: integer('deleted_at'),
});

export type DeliveryState = 'pending' | 'held' | 'delivered' | 'failed';

/**
 * The outbox: one row per message to send, written in the same transaction as the change it
 * tells of, and idempotent by `dedupe_key` (alert, transition, channel; or a report's day).
 * The delivery worker sends `pending` rows whose `next_attempt_at` has come; `held` rows wait
 * for their rule's quiet hours to end and go out as one digest.
 */
export const notificationDeliveries = sqliteTable(
  'notification_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dedupeKey: text('dedupe_key').notNull(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => notificationChannels.id),
    ruleId: integer('rule_id').references(() => notificationRules.id),
    alertId: integer('alert_id').references(() => alerts.id),
    /** opened | resolved | escalated | digest | test | report | channelFailing */
    transition: text('transition').notNull(),
    language: text('language').$type<'zh-CN' | 'en'>().notNull(),
    state: text('state').$type<DeliveryState>().notNull(),
    /** JSON: what to send when it is not an alert's transition (a report, a digest's members). */
    payload: text('payload'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    createdAt: integer('created_at').notNull(),
    deliveredAt: integer('delivered_at'),
    /** The channel's last answer: HTTP status (or SMTP code) and its text, truncated. */
    lastStatus: integer('last_status'),
    lastAnswer: text('last_answer'),
  },
  (t) => [
    uniqueIndex('notification_deliveries_dedupe_uq').on(t.dedupeKey),
    index('notification_deliveries_due_idx').on(t.state, t.nextAttemptAt),
    index('notification_deliveries_alert_idx').on(t.alertId),
    index('notification_deliveries_created_idx').on(t.createdAt),
  ],
);

/** Each attempt to deliver, with the channel's answer: the delivery log. */
export const notificationAttempts = sqliteTable(
  'notification_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => notificationDeliveries.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
    status: integer('status'),
    answer: text('answer'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('notification_attempts_delivery_idx').on(t.deliveryId, t.at)],
);

/** A report sent on a schedule (issue 19 item 6): which, where, at what local time, in which language. */
export const reportSchedules = sqliteTable('report_schedules', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** dailySales | refillVariances | silentMachines | foodSafety */
  report: text('report').notNull(),
  channelId: integer('channel_id')
    .notNull()
    .references(() => notificationChannels.id),
  /** `HH:MM` in the fleet's time zone. */
  at: text('at').notNull(),
  language: text('language').$type<'zh-CN' | 'en'>().notNull().default('zh-CN'),
  /** The last local day (`YYYY-MM-DD`) it was queued for: once a day, whatever the processes. */
  lastQueuedFor: text('last_queued_for'),
  createdAt: integer('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  deletedAt: integer('deleted_at'),
});

/**
 * Scheduled work that must run in one process at a time (alert evaluation, deliveries, reports,
 * backups): the holder renews before `expires_at`; another process takes it over after.
 */
export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

/** Each database snapshot (issue 20): where, how big, how long, whether it checked out. */
export const backups = sqliteTable(
  'backups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    file: text('file'),
    bytes: integer('bytes'),
    durationMs: integer('duration_ms'),
    /** running | ok | failed */
    outcome: text('outcome').notNull(),
    error: text('error'),
    /** Where it was uploaded (an S3 key), when. */
    uploadedTo: text('uploaded_to'),
    uploadedAt: integer('uploaded_at'),
    uploadError: text('upload_error'),
  },
  (t) => [index('backups_started_idx').on(t.startedAt)],
);
