CREATE TABLE `cabinet_goods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`machine_id` text NOT NULL,
	`door_no` integer NOT NULL,
	`commodity_id` text NOT NULL,
	`name` text NOT NULL,
	`sku` text,
	`weight` integer,
	`price` integer NOT NULL,
	`picture_url` text,
	`stock` integer,
	`stock_updated_at` integer,
	`listed` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`machine_id`) REFERENCES `cabinets`(`machine_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cabinet_goods_uq` ON `cabinet_goods` (`machine_id`,`door_no`,`commodity_id`);--> statement-breakpoint
CREATE TABLE `cabinet_order_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` text NOT NULL,
	`kind` text NOT NULL,
	`action` text NOT NULL,
	`status` integer,
	`msg` text,
	`at` integer NOT NULL,
	`body` text NOT NULL,
	`body_hash` text NOT NULL,
	`actor` text,
	FOREIGN KEY (`order_id`) REFERENCES `cabinet_orders`(`order_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cabinet_order_events_uq` ON `cabinet_order_events` (`order_id`,`body_hash`);--> statement-breakpoint
CREATE INDEX `cabinet_order_events_order_idx` ON `cabinet_order_events` (`order_id`,`id`);--> statement-breakpoint
CREATE TABLE `cabinet_orders` (
	`order_id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`order_no` text,
	`machine_id` text NOT NULL,
	`door_no` integer NOT NULL,
	`type` text NOT NULL,
	`state` text NOT NULL,
	`customer_details` text,
	`amount` integer,
	`currency` text,
	`review_reason` text,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	`stock_applied_at` integer,
	FOREIGN KEY (`machine_id`) REFERENCES `cabinets`(`machine_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cabinet_orders_state_idx` ON `cabinet_orders` (`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `cabinet_orders_machine_idx` ON `cabinet_orders` (`machine_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `cabinet_orders_created_idx` ON `cabinet_orders` (`created_at`);--> statement-breakpoint
CREATE TABLE `cabinets` (
	`machine_id` text PRIMARY KEY NOT NULL,
	`signal` integer,
	`temperature` text,
	`running_state` integer,
	`currency` text,
	`pre_auth_limit` integer,
	`qr_code_url` text,
	`polled_at` integer,
	`poll_error` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`machine_id`) REFERENCES `machines`(`asset_id`) ON UPDATE no action ON DELETE no action
);
