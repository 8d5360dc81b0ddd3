CREATE TABLE `demand_fits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`fitted_at` integer NOT NULL,
	`window_from` integer NOT NULL,
	`window_to` integer NOT NULL,
	`machines` integer NOT NULL,
	`shelves` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`fleet_shape` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `machine_demand` (
	`asset_id` text PRIMARY KEY NOT NULL,
	`shape` text NOT NULL,
	`units_per_day` real NOT NULL,
	`utc_offset` integer NOT NULL,
	`window_from` integer NOT NULL,
	`window_to` integer NOT NULL,
	`fitted_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shelf_demand` (
	`asset_id` text NOT NULL,
	`cid` text NOT NULL,
	`location_id` text NOT NULL,
	`goods_id` text,
	`units_per_day` real NOT NULL,
	`units` integer NOT NULL,
	`exposure_days` real NOT NULL,
	`source` text NOT NULL,
	`fitted_at` integer NOT NULL,
	PRIMARY KEY(`asset_id`, `cid`, `location_id`)
);
