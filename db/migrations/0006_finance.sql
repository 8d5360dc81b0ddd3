CREATE TABLE `coin_readings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`asset_id` text NOT NULL,
	`at` integer NOT NULL,
	`coin5` integer,
	`coin10` integer
);
--> statement-breakpoint
CREATE INDEX `coin_readings_asset_at_idx` ON `coin_readings` (`asset_id`,`at`);--> statement-breakpoint
CREATE TABLE `refill_reviews` (
	`settlement_id` integer PRIMARY KEY NOT NULL,
	`note` text NOT NULL,
	`reviewed_at` integer NOT NULL,
	`reviewed_by` text NOT NULL,
	FOREIGN KEY (`settlement_id`) REFERENCES `refill_settlements`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `rollup_goods` (
	`goods_id` text PRIMARY KEY NOT NULL,
	`goods_name` text,
	`goods_number` text,
	`type_name` text
);
--> statement-breakpoint
CREATE TABLE `rollup_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`time_zone` text NOT NULL,
	`built_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sales_rollups` (
	`grain` integer NOT NULL,
	`asset_id` text NOT NULL,
	`bucket` integer NOT NULL,
	`goods_id` text NOT NULL,
	`pay_style` integer NOT NULL,
	`units` integer NOT NULL,
	`gross` integer NOT NULL,
	`refunds` integer NOT NULL,
	`refunded` integer NOT NULL,
	PRIMARY KEY(`grain`, `asset_id`, `bucket`, `goods_id`, `pay_style`)
) WITHOUT ROWID;
-- WITHOUT ROWID (added by hand; drizzle-kit cannot express it): the key is the table, so each
-- rollup write updates one b-tree, not a rowid table and its key index (docs/decisions.md D20).
