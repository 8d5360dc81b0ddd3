CREATE TABLE `alert_conditions` (
	`condition_key` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`asset_id` text,
	`subject` text DEFAULT '' NOT NULL,
	`first_seen_at` integer,
	`last_seen_at` integer,
	`clear_since` integer,
	`details` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `alert_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`at` integer NOT NULL,
	`type` text NOT NULL,
	`by` text,
	`note` text,
	`details` text,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_events_alert_idx` ON `alert_events` (`alert_id`,`at`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`asset_id` text,
	`subject` text DEFAULT '' NOT NULL,
	`condition_key` text NOT NULL,
	`state` text NOT NULL,
	`started_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`details` text DEFAULT '{}' NOT NULL,
	`acknowledged_at` integer,
	`acknowledged_by_id` integer,
	`acknowledged_by` text,
	`ack_note` text,
	`snoozed_until` integer,
	`assignee_id` integer,
	`resolved_at` integer,
	`resolved_by` text,
	`resolve_note` text,
	`escalated_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_live_condition_uq` ON `alerts` (`condition_key`) WHERE "alerts"."state" <> 'resolved';--> statement-breakpoint
CREATE INDEX `alerts_state_started_idx` ON `alerts` (`state`,`started_at`);--> statement-breakpoint
CREATE INDEX `alerts_asset_started_idx` ON `alerts` (`asset_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `alerts_kind_state_idx` ON `alerts` (`kind`,`state`);--> statement-breakpoint
CREATE TABLE `backups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`file` text,
	`bytes` integer,
	`duration_ms` integer,
	`outcome` text NOT NULL,
	`error` text,
	`uploaded_to` text,
	`uploaded_at` integer,
	`upload_error` text
);
--> statement-breakpoint
CREATE INDEX `backups_started_idx` ON `backups` (`started_at`);--> statement-breakpoint
CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notification_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` integer NOT NULL,
	`at` integer NOT NULL,
	`ok` integer NOT NULL,
	`status` integer,
	`answer` text,
	`duration_ms` integer NOT NULL,
	FOREIGN KEY (`delivery_id`) REFERENCES `notification_deliveries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notification_attempts_delivery_idx` ON `notification_attempts` (`delivery_id`,`at`);--> statement-breakpoint
CREATE TABLE `notification_channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`config` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`last_ok_at` integer,
	`last_failed_at` integer,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE TABLE `notification_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dedupe_key` text NOT NULL,
	`channel_id` integer NOT NULL,
	`rule_id` integer,
	`alert_id` integer,
	`transition` text NOT NULL,
	`language` text NOT NULL,
	`state` text NOT NULL,
	`payload` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`delivered_at` integer,
	`last_status` integer,
	`last_answer` text,
	FOREIGN KEY (`channel_id`) REFERENCES `notification_channels`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rule_id`) REFERENCES `notification_rules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_deliveries_dedupe_uq` ON `notification_deliveries` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `notification_deliveries_due_idx` ON `notification_deliveries` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `notification_deliveries_alert_idx` ON `notification_deliveries` (`alert_id`);--> statement-breakpoint
CREATE INDEX `notification_deliveries_created_idx` ON `notification_deliveries` (`created_at`);--> statement-breakpoint
CREATE TABLE `notification_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` integer NOT NULL,
	`kinds` text,
	`line_ids` text,
	`areas` text,
	`asset_ids` text,
	`quiet_from` text,
	`quiet_to` text,
	`escalate_after_minutes` integer,
	`escalate_channel_id` integer,
	`language` text DEFAULT 'zh-CN' NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`channel_id`) REFERENCES `notification_channels`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`escalate_channel_id`) REFERENCES `notification_channels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `report_schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report` text NOT NULL,
	`channel_id` integer NOT NULL,
	`at` text NOT NULL,
	`language` text DEFAULT 'zh-CN' NOT NULL,
	`last_queued_for` text,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`channel_id`) REFERENCES `notification_channels`(`id`) ON UPDATE no action ON DELETE no action
);
