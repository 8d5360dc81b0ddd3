CREATE TABLE `machine_shelf_figures` (
	`asset_id` text PRIMARY KEY NOT NULL,
	`shelf_count` integer DEFAULT 0 NOT NULL,
	`known_shelves` integer DEFAULT 0 NOT NULL,
	`sold_out_shelves` integer DEFAULT 0 NOT NULL,
	`under_valve_shelves` integer DEFAULT 0 NOT NULL,
	`units_since_refill` integer DEFAULT 0 NOT NULL,
	`units_to_load` integer DEFAULT 0 NOT NULL
) WITHOUT ROWID;--> statement-breakpoint
-- Added by hand (drizzle-kit knows the table, not the rest): every machine has a row, and every
-- shelf adds its terms to its machine's row (docs/decisions.md D64). The terms are lib/domain's
-- rules: estimated stock is 0 when sold out, unknown without a refill, else
-- max(0, refill_stock - max(0, sold)), where sold is the higher of ours and §6.2's when fetched
-- after the refill (db/queries/stock.ts); low is not sold out, known, at or under valve (or 0);
-- units to load are capacity - estimate (unknown: 0), never below 0, on shelves with goods and
-- a capacity. They are written out for the old and the new row alike;
-- lib/planning/figures.test.ts recounts them from the shelves after random histories.
INSERT INTO machine_shelf_figures (asset_id, shelf_count, known_shelves, sold_out_shelves, under_valve_shelves, units_since_refill, units_to_load)
  SELECT asset_id,
    sum(in_planogram = 1),
    sum(in_planogram = 1 and (sold_out = 1 or refill_stock is not null)),
    sum(in_planogram = 1 and sold_out = 1),
    sum(in_planogram = 1 and sold_out = 0 and refill_stock is not null
      and max(0, refill_stock - max(0, coalesce(max(sold_since_refill, case when platform_sold_at > refill_time then platform_sold else 0 end), 0))) <= coalesce(valve, 0)),
    sum(case when in_planogram = 1 and refill_time is not null
      then coalesce(max(sold_since_refill, case when platform_sold_at > refill_time then platform_sold else 0 end), 0) else 0 end),
    sum(case when in_planogram = 1 and goods_id is not null and capacity is not null
      then max(0, capacity - case when sold_out = 1 or refill_stock is null then 0
        else max(0, refill_stock - max(0, coalesce(max(sold_since_refill, case when platform_sold_at > refill_time then platform_sold else 0 end), 0))) end) else 0 end)
  FROM shelves GROUP BY asset_id;--> statement-breakpoint
INSERT OR IGNORE INTO machine_shelf_figures (asset_id) SELECT asset_id FROM machines;--> statement-breakpoint
CREATE TRIGGER machines_figures_after_insert AFTER INSERT ON machines BEGIN
  INSERT OR IGNORE INTO machine_shelf_figures (asset_id) VALUES (new.asset_id);
END;--> statement-breakpoint
-- Shelves belong to machines (a foreign key), so their row is there: plain UPDATEs, which
-- commute with the stock basis triggers of 0008 whatever order they fire in.
CREATE TRIGGER shelves_figures_after_insert AFTER INSERT ON shelves BEGIN
  UPDATE machine_shelf_figures SET
    shelf_count = shelf_count + (new.in_planogram = 1),
    known_shelves = known_shelves + (new.in_planogram = 1 and (new.sold_out = 1 or new.refill_stock is not null)),
    sold_out_shelves = sold_out_shelves + (new.in_planogram = 1 and new.sold_out = 1),
    under_valve_shelves = under_valve_shelves + (new.in_planogram = 1 and new.sold_out = 0 and new.refill_stock is not null
      and max(0, new.refill_stock - max(0, coalesce(max(new.sold_since_refill, case when new.platform_sold_at > new.refill_time then new.platform_sold else 0 end), 0))) <= coalesce(new.valve, 0)),
    units_since_refill = units_since_refill + (case when new.in_planogram = 1 and new.refill_time is not null
      then coalesce(max(new.sold_since_refill, case when new.platform_sold_at > new.refill_time then new.platform_sold else 0 end), 0) else 0 end),
    units_to_load = units_to_load + (case when new.in_planogram = 1 and new.goods_id is not null and new.capacity is not null
      then max(0, new.capacity - case when new.sold_out = 1 or new.refill_stock is null then 0
        else max(0, new.refill_stock - max(0, coalesce(max(new.sold_since_refill, case when new.platform_sold_at > new.refill_time then new.platform_sold else 0 end), 0))) end) else 0 end)
  WHERE asset_id = new.asset_id;
END;--> statement-breakpoint
CREATE TRIGGER shelves_figures_after_delete AFTER DELETE ON shelves BEGIN
  UPDATE machine_shelf_figures SET
    shelf_count = shelf_count - (old.in_planogram = 1),
    known_shelves = known_shelves - (old.in_planogram = 1 and (old.sold_out = 1 or old.refill_stock is not null)),
    sold_out_shelves = sold_out_shelves - (old.in_planogram = 1 and old.sold_out = 1),
    under_valve_shelves = under_valve_shelves - (old.in_planogram = 1 and old.sold_out = 0 and old.refill_stock is not null
      and max(0, old.refill_stock - max(0, coalesce(max(old.sold_since_refill, case when old.platform_sold_at > old.refill_time then old.platform_sold else 0 end), 0))) <= coalesce(old.valve, 0)),
    units_since_refill = units_since_refill - (case when old.in_planogram = 1 and old.refill_time is not null
      then coalesce(max(old.sold_since_refill, case when old.platform_sold_at > old.refill_time then old.platform_sold else 0 end), 0) else 0 end),
    units_to_load = units_to_load - (case when old.in_planogram = 1 and old.goods_id is not null and old.capacity is not null
      then max(0, old.capacity - case when old.sold_out = 1 or old.refill_stock is null then 0
        else max(0, old.refill_stock - max(0, coalesce(max(old.sold_since_refill, case when old.platform_sold_at > old.refill_time then old.platform_sold else 0 end), 0))) end) else 0 end)
  WHERE asset_id = old.asset_id;
END;--> statement-breakpoint
-- A trade moves sold_since_refill, a status push sold_out: one UPDATE by the difference, and
-- none when no input of the terms changed (a status push repeating a shelf's state).
CREATE TRIGGER shelves_figures_after_update AFTER UPDATE OF in_planogram, sold_out, refill_stock, refill_time, sold_since_refill, platform_sold, platform_sold_at, valve, capacity, goods_id ON shelves
WHEN old.asset_id = new.asset_id AND (old.in_planogram IS NOT new.in_planogram
    OR old.sold_out IS NOT new.sold_out
    OR old.refill_stock IS NOT new.refill_stock
    OR old.refill_time IS NOT new.refill_time
    OR old.sold_since_refill IS NOT new.sold_since_refill
    OR old.platform_sold IS NOT new.platform_sold
    OR old.platform_sold_at IS NOT new.platform_sold_at
    OR old.valve IS NOT new.valve
    OR old.capacity IS NOT new.capacity
    OR old.goods_id IS NOT new.goods_id) BEGIN
  UPDATE machine_shelf_figures SET
    shelf_count = shelf_count - (old.in_planogram = 1)
      + (new.in_planogram = 1),
    known_shelves = known_shelves - (old.in_planogram = 1 and (old.sold_out = 1 or old.refill_stock is not null))
      + (new.in_planogram = 1 and (new.sold_out = 1 or new.refill_stock is not null)),
    sold_out_shelves = sold_out_shelves - (old.in_planogram = 1 and old.sold_out = 1)
      + (new.in_planogram = 1 and new.sold_out = 1),
    under_valve_shelves = under_valve_shelves - (old.in_planogram = 1 and old.sold_out = 0 and old.refill_stock is not null
      and max(0, old.refill_stock - max(0, coalesce(max(old.sold_since_refill, case when old.platform_sold_at > old.refill_time then old.platform_sold else 0 end), 0))) <= coalesce(old.valve, 0))
      + (new.in_planogram = 1 and new.sold_out = 0 and new.refill_stock is not null
      and max(0, new.refill_stock - max(0, coalesce(max(new.sold_since_refill, case when new.platform_sold_at > new.refill_time then new.platform_sold else 0 end), 0))) <= coalesce(new.valve, 0)),
    units_since_refill = units_since_refill - (case when old.in_planogram = 1 and old.refill_time is not null
      then coalesce(max(old.sold_since_refill, case when old.platform_sold_at > old.refill_time then old.platform_sold else 0 end), 0) else 0 end)
      + (case when new.in_planogram = 1 and new.refill_time is not null
      then coalesce(max(new.sold_since_refill, case when new.platform_sold_at > new.refill_time then new.platform_sold else 0 end), 0) else 0 end),
    units_to_load = units_to_load - (case when old.in_planogram = 1 and old.goods_id is not null and old.capacity is not null
      then max(0, old.capacity - case when old.sold_out = 1 or old.refill_stock is null then 0
        else max(0, old.refill_stock - max(0, coalesce(max(old.sold_since_refill, case when old.platform_sold_at > old.refill_time then old.platform_sold else 0 end), 0))) end) else 0 end)
      + (case when new.in_planogram = 1 and new.goods_id is not null and new.capacity is not null
      then max(0, new.capacity - case when new.sold_out = 1 or new.refill_stock is null then 0
        else max(0, new.refill_stock - max(0, coalesce(max(new.sold_since_refill, case when new.platform_sold_at > new.refill_time then new.platform_sold else 0 end), 0))) end) else 0 end)
  WHERE asset_id = new.asset_id;
END;--> statement-breakpoint
CREATE TRIGGER shelves_figures_after_move AFTER UPDATE ON shelves
WHEN old.asset_id IS NOT new.asset_id BEGIN
  UPDATE machine_shelf_figures SET
    shelf_count = shelf_count - (old.in_planogram = 1),
    known_shelves = known_shelves - (old.in_planogram = 1 and (old.sold_out = 1 or old.refill_stock is not null)),
    sold_out_shelves = sold_out_shelves - (old.in_planogram = 1 and old.sold_out = 1),
    under_valve_shelves = under_valve_shelves - (old.in_planogram = 1 and old.sold_out = 0 and old.refill_stock is not null
      and max(0, old.refill_stock - max(0, coalesce(max(old.sold_since_refill, case when old.platform_sold_at > old.refill_time then old.platform_sold else 0 end), 0))) <= coalesce(old.valve, 0)),
    units_since_refill = units_since_refill - (case when old.in_planogram = 1 and old.refill_time is not null
      then coalesce(max(old.sold_since_refill, case when old.platform_sold_at > old.refill_time then old.platform_sold else 0 end), 0) else 0 end),
    units_to_load = units_to_load - (case when old.in_planogram = 1 and old.goods_id is not null and old.capacity is not null
      then max(0, old.capacity - case when old.sold_out = 1 or old.refill_stock is null then 0
        else max(0, old.refill_stock - max(0, coalesce(max(old.sold_since_refill, case when old.platform_sold_at > old.refill_time then old.platform_sold else 0 end), 0))) end) else 0 end)
  WHERE asset_id = old.asset_id;
  UPDATE machine_shelf_figures SET
    shelf_count = shelf_count + (new.in_planogram = 1),
    known_shelves = known_shelves + (new.in_planogram = 1 and (new.sold_out = 1 or new.refill_stock is not null)),
    sold_out_shelves = sold_out_shelves + (new.in_planogram = 1 and new.sold_out = 1),
    under_valve_shelves = under_valve_shelves + (new.in_planogram = 1 and new.sold_out = 0 and new.refill_stock is not null
      and max(0, new.refill_stock - max(0, coalesce(max(new.sold_since_refill, case when new.platform_sold_at > new.refill_time then new.platform_sold else 0 end), 0))) <= coalesce(new.valve, 0)),
    units_since_refill = units_since_refill + (case when new.in_planogram = 1 and new.refill_time is not null
      then coalesce(max(new.sold_since_refill, case when new.platform_sold_at > new.refill_time then new.platform_sold else 0 end), 0) else 0 end),
    units_to_load = units_to_load + (case when new.in_planogram = 1 and new.goods_id is not null and new.capacity is not null
      then max(0, new.capacity - case when new.sold_out = 1 or new.refill_stock is null then 0
        else max(0, new.refill_stock - max(0, coalesce(max(new.sold_since_refill, case when new.platform_sold_at > new.refill_time then new.platform_sold else 0 end), 0))) end) else 0 end)
  WHERE asset_id = new.asset_id;
END;
