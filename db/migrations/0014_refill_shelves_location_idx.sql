DROP INDEX `refill_shelves_settlement_idx`;--> statement-breakpoint
CREATE INDEX `refill_shelves_settlement_loc_idx` ON `refill_shelves` (`settlement_id`,`location_id`,`cid`);