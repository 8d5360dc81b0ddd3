-- The recent-units probes of the lines, sites and pick-list pages (one range of
-- trades_delivered_units_idx per machine) read only the index's columns, but PostgreSQL does not
-- scan an expression index index-only unless the expression's own columns are in it too: every
-- probe read its trades' heap pages, most of a 5,000-machine year's lines page (338 ms p95
-- against SQLite's 166). With pay_time and create_time carried in the index (INCLUDE, which
-- SQLite and Drizzle's schema cannot say), the probes are index-only: lines 255 ms, sites
-- 334 (docs/decisions.md D122). Built before the old one is dropped: reads go on meanwhile;
-- writes to trades wait for the build (about 18 s at 9 M trades, once, when upgrading).
CREATE INDEX "trades_delivered_units_cov" ON "trades" USING btree ("asset_id",(case when pay_time is null then create_time else pay_time end),"count") INCLUDE ("pay_time", "create_time") WHERE delivery = 'delivered';--> statement-breakpoint
DROP INDEX "trades_delivered_units_idx";--> statement-breakpoint
ALTER INDEX "trades_delivered_units_cov" RENAME TO "trades_delivered_units_idx";
