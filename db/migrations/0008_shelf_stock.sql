ALTER TABLE `shelves` ADD `refill_stock` integer;--> statement-breakpoint
ALTER TABLE `shelves` ADD `refill_time` integer;--> statement-breakpoint
ALTER TABLE `shelves` ADD `sold_since_refill` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The estimated-stock basis on each shelf (db/shelf-stock.ts, docs/decisions.md D36). Backfill: the
-- basis as db/queries/stock.test.ts recounts it.
UPDATE shelves SET (refill_stock, refill_time) = (SELECT rs.stock, st.refill_time FROM refill_shelves rs JOIN refill_settlements st ON st.id = rs.settlement_id
    WHERE st.asset_id = shelves.asset_id AND rs.location_id = shelves.location_id AND (rs.cid = shelves.cid OR rs.cid IS NULL)
    ORDER BY st.refill_time DESC, rs.id DESC LIMIT 1);--> statement-breakpoint
UPDATE shelves SET sold_since_refill = coalesce((SELECT sum(coalesce(t.count, 1)) FROM trades t WHERE t.asset_id = shelves.asset_id AND t.location_id = shelves.location_id AND (t.cid = shelves.cid OR t.cid IS NULL) AND t.delivery = 'delivered' AND t.pay_time > shelves.refill_time), 0)
    + coalesce((SELECT sum(coalesce(t.count, 1)) FROM trades t WHERE t.asset_id = shelves.asset_id AND t.location_id = shelves.location_id AND (t.cid = shelves.cid OR t.cid IS NULL) AND t.delivery = 'delivered' AND t.pay_time IS NULL AND t.create_time > shelves.refill_time), 0)
  WHERE refill_time IS NOT NULL;--> statement-breakpoint
-- The rare paths as triggers (the hot ones, trades and new settlements, are in db/shelf-stock.ts).
-- A new shelf takes its basis from the settlements and trades already stored.
CREATE TRIGGER shelves_stock_after_insert AFTER INSERT ON shelves BEGIN
  UPDATE shelves SET (refill_stock, refill_time) = (SELECT rs.stock, st.refill_time FROM refill_shelves rs JOIN refill_settlements st ON st.id = rs.settlement_id
    WHERE st.asset_id = shelves.asset_id AND rs.location_id = shelves.location_id AND (rs.cid = shelves.cid OR rs.cid IS NULL)
    ORDER BY st.refill_time DESC, rs.id DESC LIMIT 1)
    WHERE id = new.id;
  UPDATE shelves SET sold_since_refill = coalesce((SELECT sum(coalesce(t.count, 1)) FROM trades t WHERE t.asset_id = shelves.asset_id AND t.location_id = shelves.location_id AND (t.cid = shelves.cid OR t.cid IS NULL) AND t.delivery = 'delivered' AND t.pay_time > shelves.refill_time), 0)
    + coalesce((SELECT sum(coalesce(t.count, 1)) FROM trades t WHERE t.asset_id = shelves.asset_id AND t.location_id = shelves.location_id AND (t.cid = shelves.cid OR t.cid IS NULL) AND t.delivery = 'delivered' AND t.pay_time IS NULL AND t.create_time > shelves.refill_time), 0)
    WHERE id = new.id AND refill_time IS NOT NULL;
END;--> statement-breakpoint
-- A settlement stored again replaces its shelf rows: the shelves they were the basis of fall back
-- to the latest other listing (then the new rows apply again, db/shelf-stock.ts), and are recounted.
CREATE TRIGGER refill_shelves_stock_after_delete AFTER DELETE ON refill_shelves
WHEN old.location_id IS NOT NULL BEGIN
  UPDATE shelves SET (refill_stock, refill_time) = (SELECT rs.stock, st.refill_time FROM refill_shelves rs JOIN refill_settlements st ON st.id = rs.settlement_id
    WHERE st.asset_id = shelves.asset_id AND rs.location_id = shelves.location_id AND (rs.cid = shelves.cid OR rs.cid IS NULL)
    ORDER BY st.refill_time DESC, rs.id DESC LIMIT 1)
    WHERE asset_id = (SELECT asset_id FROM refill_settlements WHERE id = old.settlement_id) AND location_id = old.location_id
      AND (old.cid IS NULL OR cid = old.cid) AND refill_time = (SELECT refill_time FROM refill_settlements WHERE id = old.settlement_id);
  UPDATE shelves SET sold_since_refill = CASE WHEN refill_time IS NULL THEN 0 ELSE
    coalesce((SELECT sum(coalesce(t.count, 1)) FROM trades t WHERE t.asset_id = shelves.asset_id AND t.location_id = shelves.location_id AND (t.cid = shelves.cid OR t.cid IS NULL) AND t.delivery = 'delivered' AND t.pay_time > shelves.refill_time), 0)
    + coalesce((SELECT sum(coalesce(t.count, 1)) FROM trades t WHERE t.asset_id = shelves.asset_id AND t.location_id = shelves.location_id AND (t.cid = shelves.cid OR t.cid IS NULL) AND t.delivery = 'delivered' AND t.pay_time IS NULL AND t.create_time > shelves.refill_time), 0) END
    WHERE asset_id = (SELECT asset_id FROM refill_settlements WHERE id = old.settlement_id) AND location_id = old.location_id
      AND (old.cid IS NULL OR cid = old.cid);
END;
