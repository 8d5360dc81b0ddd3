CREATE TABLE `machine_clocks` (
	`asset_id` text PRIMARY KEY NOT NULL,
	`ahead_by` integer NOT NULL,
	`since` integer NOT NULL,
	`seen_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `trades` ADD `pay_time_stated` integer;--> statement-breakpoint
ALTER TABLE `trades` ADD `create_time_stated` integer;--> statement-breakpoint
ALTER TABLE `trades` ADD `refund_time_stated` integer;--> statement-breakpoint
ALTER TABLE `temperature_readings` ADD `chambers` text;