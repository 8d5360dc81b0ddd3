DROP INDEX `trades_pay_time_idx`;--> statement-breakpoint
DROP INDEX `inbox_client_signed_idx`;