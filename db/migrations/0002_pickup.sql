CREATE TABLE `pickup_check_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`asset_id` text NOT NULL,
	`code` text NOT NULL,
	`outcome` text NOT NULL,
	`at` integer NOT NULL,
	`inbox_id` integer
);
--> statement-breakpoint
CREATE INDEX `pickup_check_failures_asset_idx` ON `pickup_check_failures` (`asset_id`,`outcome`,`at`);--> statement-breakpoint
CREATE TABLE `pickup_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`asset_id` text,
	`goods_number` text,
	`fee` integer DEFAULT 0 NOT NULL,
	`start_time` integer NOT NULL,
	`end_time` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`revoked_at` integer,
	`last_check_at` integer,
	`last_check_asset_id` text,
	`used_at` integer,
	`used_asset_id` text,
	`used_inbox_id` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pickup_codes_code_unique` ON `pickup_codes` (`code`);--> statement-breakpoint
CREATE INDEX `pickup_codes_status_idx` ON `pickup_codes` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `pickup_codes_asset_idx` ON `pickup_codes` (`asset_id`,`id`);--> statement-breakpoint
ALTER TABLE `inbox` ADD `reply` text;