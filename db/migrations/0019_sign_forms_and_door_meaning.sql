CREATE TABLE `client_settings` (
	`client_id` text PRIMARY KEY NOT NULL,
	`door_open` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
ALTER TABLE `inbox` ADD `sign_form` text;--> statement-breakpoint
ALTER TABLE `inbox` ADD `sign_canonical` integer;--> statement-breakpoint
CREATE INDEX `inbox_client_signed_idx` ON `inbox` (`client_id`,`id`) WHERE "inbox"."sign_form" is not null;