CREATE TABLE `refill_run_machines` (
	`run_id` integer NOT NULL,
	`asset_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`run_id`, `asset_id`),
	FOREIGN KEY (`run_id`) REFERENCES `refill_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`asset_id`) REFERENCES `machines`(`asset_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `refill_run_machines_asset_idx` ON `refill_run_machines` (`asset_id`);--> statement-breakpoint
CREATE TABLE `refill_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`line_id` integer,
	`created_at` integer NOT NULL,
	`created_by_kind` text NOT NULL,
	`created_by_id` integer NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`line_id`) REFERENCES `lines`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `refill_runs_created_idx` ON `refill_runs` (`created_at`);