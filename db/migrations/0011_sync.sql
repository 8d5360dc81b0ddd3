CREATE TABLE `platform_shelf_sales` (
	`asset_id` text NOT NULL,
	`cid` text NOT NULL,
	`location_id` text NOT NULL,
	`goods_id` text,
	`goods_number` text,
	`goods_name` text,
	`units` integer NOT NULL,
	`fetched_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `platform_shelf_sales_uq` ON `platform_shelf_sales` (`asset_id`,`cid`,`location_id`);--> statement-breakpoint
CREATE TABLE `reconcile_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`start_time` integer NOT NULL,
	`end_time` integer NOT NULL,
	`day` text,
	`machines` integer DEFAULT 0 NOT NULL,
	`disagreeing` integer DEFAULT 0 NOT NULL,
	`checked_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reconcile_checks_run_uq` ON `reconcile_checks` (`run_id`);--> statement-breakpoint
CREATE INDEX `reconcile_day_idx` ON `reconcile_checks` (`day`);--> statement-breakpoint
CREATE TABLE `reconcile_diffs` (
	`check_id` integer NOT NULL,
	`asset_id` text NOT NULL,
	`ours` text NOT NULL,
	`theirs` text NOT NULL,
	`amount_diff` integer NOT NULL,
	`count_diff` integer NOT NULL,
	FOREIGN KEY (`check_id`) REFERENCES `reconcile_checks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reconcile_diffs_uq` ON `reconcile_diffs` (`check_id`,`asset_id`);--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job` text NOT NULL,
	`params` text NOT NULL,
	`state` text NOT NULL,
	`trigger` text NOT NULL,
	`requested_by` text,
	`position` text,
	`total` integer,
	`done` integer DEFAULT 0 NOT NULL,
	`imported` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`errors` text DEFAULT '[]' NOT NULL,
	`owner` integer,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `sync_runs_job_idx` ON `sync_runs` (`job`,`id`);--> statement-breakpoint
CREATE INDEX `sync_runs_state_idx` ON `sync_runs` (`state`);