DROP INDEX `shelves_may_be_low_idx`;--> statement-breakpoint
ALTER TABLE `shelves` ADD `platform_sold` integer;--> statement-breakpoint
ALTER TABLE `shelves` ADD `platform_sold_at` integer;--> statement-breakpoint
CREATE INDEX `shelves_may_be_low_idx` ON `shelves` (`asset_id`) WHERE in_planogram = 1 and sold_out = 0 and refill_stock is not null and refill_stock - max(0, sold_since_refill, case when platform_sold_at > refill_time then platform_sold else 0 end) <= coalesce(valve, 0);