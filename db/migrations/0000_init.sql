CREATE TABLE `areas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `areas_name_unique` ON `areas` (`name`);--> statement-breakpoint
CREATE TABLE `lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`area_id` integer,
	`description` text,
	`create_time` integer,
	`origin` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lines_name_unique` ON `lines` (`name`);--> statement-breakpoint
CREATE TABLE `sites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`platform_site_id` text,
	`site_number` text,
	`address` text,
	`longitude_text` text,
	`latitude_text` text,
	`longitude` real,
	`latitude` real,
	`line_id` integer,
	`area_id` integer,
	`origin` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`line_id`) REFERENCES `lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sites_name_uq` ON `sites` (`name`);--> statement-breakpoint
CREATE TABLE `containers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`asset_id` text NOT NULL,
	`cid` text NOT NULL,
	`type` integer,
	FOREIGN KEY (`asset_id`) REFERENCES `machines`(`asset_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `containers_asset_cid_uq` ON `containers` (`asset_id`,`cid`);--> statement-breakpoint
CREATE TABLE `goods` (
	`goods_id` text PRIMARY KEY NOT NULL,
	`number` text,
	`name` text,
	`full_name` text,
	`type_id` text,
	`type_name` text,
	`price` integer,
	`packing_form` integer,
	`manufacturer` text,
	`img` text,
	`img_md5` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `goods_number_idx` ON `goods` (`number`);--> statement-breakpoint
CREATE TABLE `machines` (
	`asset_id` text PRIMARY KEY NOT NULL,
	`name` text,
	`platform` text NOT NULL,
	`client_id` text,
	`site_id` integer,
	`line_id` integer,
	`area_id` integer,
	`vender` text,
	`incomplete` integer DEFAULT false NOT NULL,
	`origin` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_seen_at` integer,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`line_id`) REFERENCES `lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `machines_site_idx` ON `machines` (`site_id`);--> statement-breakpoint
CREATE INDEX `machines_line_idx` ON `machines` (`line_id`);--> statement-breakpoint
CREATE TABLE `shelves` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`asset_id` text NOT NULL,
	`cid` text NOT NULL,
	`location_id` text NOT NULL,
	`goods_id` text,
	`goods_name` text,
	`price` integer,
	`capacity` integer,
	`valve` integer,
	`img` text,
	`img_md5` text,
	`sold_out` integer DEFAULT false NOT NULL,
	`soldout_time` integer,
	`state_updated_at` integer,
	`in_planogram` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`asset_id`) REFERENCES `machines`(`asset_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shelves_asset_cid_loc_uq` ON `shelves` (`asset_id`,`cid`,`location_id`);--> statement-breakpoint
CREATE TABLE `trades` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`trade_id` text,
	`order_no` text,
	`trade_no` text,
	`asset_id` text NOT NULL,
	`cid` text,
	`location_id` text,
	`goods_id` text,
	`goods_name` text,
	`goods_number` text,
	`type_id` text,
	`type_name` text,
	`price` integer,
	`price_1` integer,
	`cost` integer,
	`count` integer,
	`pay_style` integer,
	`pay_status` integer,
	`pay_time` integer,
	`create_time` integer,
	`tra_create_time` integer,
	`deliver_status` integer,
	`delivery` text,
	`notice_ts` integer,
	`recv_ts` integer,
	`exec_ts` integer,
	`refund_status` integer,
	`refund_fee` integer,
	`refund_time` integer,
	`refund_order_no` text,
	`refund_trade_no` text,
	`transaction_id` text,
	`gw_id` text,
	`device_id` text,
	`site_id` text,
	`line_id` text,
	`line_name` text,
	`machine_type` integer,
	`coupon_id` text,
	`coupon_fee` integer,
	`coupon_count` integer,
	`open_id` text,
	`back_type` text,
	`phone` text,
	`fee` integer,
	`currency` integer,
	`pf_fee` text,
	`source` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trades_trade_id_uq` ON `trades` (`trade_id`);--> statement-breakpoint
CREATE INDEX `trades_order_no_idx` ON `trades` (`order_no`);--> statement-breakpoint
CREATE INDEX `trades_asset_pay_time_idx` ON `trades` (`asset_id`,`pay_time`);--> statement-breakpoint
CREATE INDEX `trades_pay_time_idx` ON `trades` (`pay_time`);--> statement-breakpoint
CREATE TABLE `machine_apps` (
	`asset_id` text NOT NULL,
	`name` text NOT NULL,
	`version` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`asset_id`, `name`)
);
--> statement-breakpoint
CREATE TABLE `machine_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`asset_id` text NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`from_value` text,
	`to_value` text,
	`cid` text,
	`detail` text,
	`inbox_id` integer
);
--> statement-breakpoint
CREATE INDEX `machine_events_asset_at_idx` ON `machine_events` (`asset_id`,`at`);--> statement-breakpoint
CREATE TABLE `machine_faults` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`asset_id` text NOT NULL,
	`cid` text NOT NULL,
	`pcode` text NOT NULL,
	`ccode` text NOT NULL,
	`raised_at` integer NOT NULL,
	`cleared_at` integer
);
--> statement-breakpoint
CREATE INDEX `machine_faults_asset_open_idx` ON `machine_faults` (`asset_id`,`cleared_at`);--> statement-breakpoint
CREATE TABLE `machine_status` (
	`asset_id` text PRIMARY KEY NOT NULL,
	`vmc_online` integer,
	`online` integer,
	`door_state` integer,
	`is_sale` integer,
	`coin5_count` integer,
	`coin10_count` integer,
	`fault_code` text,
	`firmware` text,
	`site_name` text,
	`line_name` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`asset_id`) REFERENCES `machines`(`asset_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `machine_versions` (
	`asset_id` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`value` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`asset_id`, `name`, `type`)
);
--> statement-breakpoint
CREATE TABLE `temperature_readings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`asset_id` text NOT NULL,
	`cid` text NOT NULL,
	`at` integer NOT NULL,
	`engy_on_t` text,
	`engy_off_t` text,
	`lamp_on_t` text,
	`lamp_off_t` text,
	`cry_tem_ul` integer,
	`cry_tem_dl` integer,
	`heat_tem_ul` integer,
	`heat_tem_dl` integer,
	`left_rm_tem` integer,
	`right_rm_tem` integer,
	`left_rm_ref` integer,
	`right_rm_ref` integer,
	`left_rm_heat` integer,
	`right_rm_heat` integer,
	`lamp_nor_op` integer,
	`lamp_aut` integer
);
--> statement-breakpoint
CREATE INDEX `temperature_asset_cid_at_idx` ON `temperature_readings` (`asset_id`,`cid`,`at`);--> statement-breakpoint
CREATE TABLE `refill_pay_sales` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`settlement_id` integer NOT NULL,
	`refill_shelf_id` integer,
	`name` text NOT NULL,
	`sales` integer NOT NULL,
	`units` integer NOT NULL,
	FOREIGN KEY (`settlement_id`) REFERENCES `refill_settlements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`refill_shelf_id`) REFERENCES `refill_shelves`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `refill_pay_sales_settlement_idx` ON `refill_pay_sales` (`settlement_id`);--> statement-breakpoint
CREATE TABLE `refill_settlements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`asset_id` text NOT NULL,
	`site_name` text,
	`site_number` text,
	`line_name` text,
	`last_refill_time` integer,
	`refill_time` integer NOT NULL,
	`source` text NOT NULL,
	`inbox_id` integer,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refill_asset_time_uq` ON `refill_settlements` (`asset_id`,`refill_time`);--> statement-breakpoint
CREATE INDEX `refill_time_idx` ON `refill_settlements` (`refill_time`);--> statement-breakpoint
CREATE TABLE `refill_shelves` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`settlement_id` integer NOT NULL,
	`cid` text,
	`location_id` text,
	`goods_id` text,
	`goods_name` text,
	`goods_number` text,
	`price` integer,
	`stock` integer,
	`refill_count` integer,
	FOREIGN KEY (`settlement_id`) REFERENCES `refill_settlements`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `refill_shelves_settlement_idx` ON `refill_shelves` (`settlement_id`);--> statement-breakpoint
CREATE TABLE `inbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`client_id` text,
	`nonce` text,
	`body` text NOT NULL,
	`received_at` integer NOT NULL,
	`verification` text NOT NULL,
	`status` text NOT NULL,
	`processed_at` integer,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_client_nonce_uq` ON `inbox` (`client_id`,`nonce`);--> statement-breakpoint
CREATE INDEX `inbox_status_idx` ON `inbox` (`status`,`id`);