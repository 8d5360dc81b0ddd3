-- The stock basis (SQLite's migration 0008, docs/decisions.md D36) and the machines' shelf
-- figures (0016, D64), kept by triggers of the same names as SQLite's (docs/decisions.md D105).
-- A statement's many new or deleted shelves (a planogram, a bulk load) are summed once per
-- statement over its transition table; an UPDATE is row by row with SQLite's WHEN clause, which
-- PostgreSQL evaluates without calling the function, so a status push repeating a shelf's state
-- or a planogram upsert changing nothing costs nothing, and a trade's one-shelf UPDATE one
-- figures UPDATE (measured in D105). The terms are SQLite's, with its NULL rules written out:
-- its max() of several values is NULL when one is, greatest() skips NULLs. The hot paths of
-- the basis stay in the queries (db/engine/postgres/queries/shelf-stock.ts).
-- Row level: the machines upsert of every trade inserts nothing almost always, and a row
-- trigger runs only for a row inserted.
CREATE FUNCTION machines_figures_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO machine_shelf_figures (asset_id) VALUES (NEW.asset_id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER machines_figures_after_insert AFTER INSERT ON machines
  FOR EACH ROW EXECUTE FUNCTION machines_figures_after_insert();--> statement-breakpoint
CREATE FUNCTION shelves_figures_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d record;
BEGIN
  FOR d IN SELECT r.asset_id, sum(r.sg * (r.in_planogram = 1)::int)::bigint as shelf_count,
      sum(r.sg * (r.in_planogram = 1 and (r.sold_out = 1 or r.refill_stock is not null))::int)::bigint as known_shelves,
      sum(r.sg * (r.in_planogram = 1 and r.sold_out = 1)::int)::bigint as sold_out_shelves,
      sum(r.sg * coalesce(r.in_planogram = 1 and r.sold_out = 0 and r.refill_stock is not null
        and greatest(0, r.refill_stock - greatest(0, coalesce(case when r.platform_sold_at > r.refill_time
        then (case when r.platform_sold is not null then greatest(r.sold_since_refill, r.platform_sold) end)
        else greatest(r.sold_since_refill, 0) end, 0))) <= coalesce(r.valve, 0), false)::int)::bigint as under_valve_shelves,
      sum(r.sg * case when r.in_planogram = 1 and r.refill_time is not null then coalesce(case when r.platform_sold_at > r.refill_time
        then (case when r.platform_sold is not null then greatest(r.sold_since_refill, r.platform_sold) end)
        else greatest(r.sold_since_refill, 0) end, 0) else 0 end)::bigint as units_since_refill,
      sum(r.sg * case when r.in_planogram = 1 and r.goods_id is not null and r.capacity is not null
        then greatest(0, r.capacity - case when r.sold_out = 1 or r.refill_stock is null then 0 else greatest(0, r.refill_stock - greatest(0, coalesce(case when r.platform_sold_at > r.refill_time
        then (case when r.platform_sold is not null then greatest(r.sold_since_refill, r.platform_sold) end)
        else greatest(r.sold_since_refill, 0) end, 0))) end) else 0 end)::bigint as units_to_load
      FROM (SELECT 1 AS sg, n.* FROM new_rows n) r GROUP BY r.asset_id LOOP
    CONTINUE WHEN (d.shelf_count, d.known_shelves, d.sold_out_shelves, d.under_valve_shelves, d.units_since_refill, d.units_to_load) = (0, 0, 0, 0, 0, 0);
    UPDATE machine_shelf_figures SET
      shelf_count = shelf_count + d.shelf_count,
      known_shelves = known_shelves + d.known_shelves,
      sold_out_shelves = sold_out_shelves + d.sold_out_shelves,
      under_valve_shelves = under_valve_shelves + d.under_valve_shelves,
      units_since_refill = units_since_refill + d.units_since_refill,
      units_to_load = units_to_load + d.units_to_load
    WHERE asset_id = d.asset_id;
  END LOOP;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER shelves_figures_after_insert AFTER INSERT ON shelves
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shelves_figures_after_insert();--> statement-breakpoint
CREATE FUNCTION shelves_figures_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d record;
BEGIN
  FOR d IN SELECT r.asset_id, sum(r.sg * (r.in_planogram = 1)::int)::bigint as shelf_count,
      sum(r.sg * (r.in_planogram = 1 and (r.sold_out = 1 or r.refill_stock is not null))::int)::bigint as known_shelves,
      sum(r.sg * (r.in_planogram = 1 and r.sold_out = 1)::int)::bigint as sold_out_shelves,
      sum(r.sg * coalesce(r.in_planogram = 1 and r.sold_out = 0 and r.refill_stock is not null
        and greatest(0, r.refill_stock - greatest(0, coalesce(case when r.platform_sold_at > r.refill_time
        then (case when r.platform_sold is not null then greatest(r.sold_since_refill, r.platform_sold) end)
        else greatest(r.sold_since_refill, 0) end, 0))) <= coalesce(r.valve, 0), false)::int)::bigint as under_valve_shelves,
      sum(r.sg * case when r.in_planogram = 1 and r.refill_time is not null then coalesce(case when r.platform_sold_at > r.refill_time
        then (case when r.platform_sold is not null then greatest(r.sold_since_refill, r.platform_sold) end)
        else greatest(r.sold_since_refill, 0) end, 0) else 0 end)::bigint as units_since_refill,
      sum(r.sg * case when r.in_planogram = 1 and r.goods_id is not null and r.capacity is not null
        then greatest(0, r.capacity - case when r.sold_out = 1 or r.refill_stock is null then 0 else greatest(0, r.refill_stock - greatest(0, coalesce(case when r.platform_sold_at > r.refill_time
        then (case when r.platform_sold is not null then greatest(r.sold_since_refill, r.platform_sold) end)
        else greatest(r.sold_since_refill, 0) end, 0))) end) else 0 end)::bigint as units_to_load
      FROM (SELECT -1 AS sg, o.* FROM old_rows o) r GROUP BY r.asset_id LOOP
    CONTINUE WHEN (d.shelf_count, d.known_shelves, d.sold_out_shelves, d.under_valve_shelves, d.units_since_refill, d.units_to_load) = (0, 0, 0, 0, 0, 0);
    UPDATE machine_shelf_figures SET
      shelf_count = shelf_count + d.shelf_count,
      known_shelves = known_shelves + d.known_shelves,
      sold_out_shelves = sold_out_shelves + d.sold_out_shelves,
      under_valve_shelves = under_valve_shelves + d.under_valve_shelves,
      units_since_refill = units_since_refill + d.units_since_refill,
      units_to_load = units_to_load + d.units_to_load
    WHERE asset_id = d.asset_id;
  END LOOP;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER shelves_figures_after_delete AFTER DELETE ON shelves
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shelves_figures_after_delete();--> statement-breakpoint
CREATE FUNCTION shelves_figures_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE machine_shelf_figures SET
      shelf_count = shelf_count - ((OLD.in_planogram = 1)::int) + ((NEW.in_planogram = 1)::int),
      known_shelves = known_shelves - ((OLD.in_planogram = 1 and (OLD.sold_out = 1 or OLD.refill_stock is not null))::int) + ((NEW.in_planogram = 1 and (NEW.sold_out = 1 or NEW.refill_stock is not null))::int),
      sold_out_shelves = sold_out_shelves - ((OLD.in_planogram = 1 and OLD.sold_out = 1)::int) + ((NEW.in_planogram = 1 and NEW.sold_out = 1)::int),
      under_valve_shelves = under_valve_shelves - (coalesce(OLD.in_planogram = 1 and OLD.sold_out = 0 and OLD.refill_stock is not null
        and greatest(0, OLD.refill_stock - greatest(0, coalesce(case when OLD.platform_sold_at > OLD.refill_time
        then (case when OLD.platform_sold is not null then greatest(OLD.sold_since_refill, OLD.platform_sold) end)
        else greatest(OLD.sold_since_refill, 0) end, 0))) <= coalesce(OLD.valve, 0), false)::int) + (coalesce(NEW.in_planogram = 1 and NEW.sold_out = 0 and NEW.refill_stock is not null
        and greatest(0, NEW.refill_stock - greatest(0, coalesce(case when NEW.platform_sold_at > NEW.refill_time
        then (case when NEW.platform_sold is not null then greatest(NEW.sold_since_refill, NEW.platform_sold) end)
        else greatest(NEW.sold_since_refill, 0) end, 0))) <= coalesce(NEW.valve, 0), false)::int),
      units_since_refill = units_since_refill - (case when OLD.in_planogram = 1 and OLD.refill_time is not null then coalesce(case when OLD.platform_sold_at > OLD.refill_time
        then (case when OLD.platform_sold is not null then greatest(OLD.sold_since_refill, OLD.platform_sold) end)
        else greatest(OLD.sold_since_refill, 0) end, 0) else 0 end) + (case when NEW.in_planogram = 1 and NEW.refill_time is not null then coalesce(case when NEW.platform_sold_at > NEW.refill_time
        then (case when NEW.platform_sold is not null then greatest(NEW.sold_since_refill, NEW.platform_sold) end)
        else greatest(NEW.sold_since_refill, 0) end, 0) else 0 end),
      units_to_load = units_to_load - (case when OLD.in_planogram = 1 and OLD.goods_id is not null and OLD.capacity is not null
        then greatest(0, OLD.capacity - case when OLD.sold_out = 1 or OLD.refill_stock is null then 0 else greatest(0, OLD.refill_stock - greatest(0, coalesce(case when OLD.platform_sold_at > OLD.refill_time
        then (case when OLD.platform_sold is not null then greatest(OLD.sold_since_refill, OLD.platform_sold) end)
        else greatest(OLD.sold_since_refill, 0) end, 0))) end) else 0 end) + (case when NEW.in_planogram = 1 and NEW.goods_id is not null and NEW.capacity is not null
        then greatest(0, NEW.capacity - case when NEW.sold_out = 1 or NEW.refill_stock is null then 0 else greatest(0, NEW.refill_stock - greatest(0, coalesce(case when NEW.platform_sold_at > NEW.refill_time
        then (case when NEW.platform_sold is not null then greatest(NEW.sold_since_refill, NEW.platform_sold) end)
        else greatest(NEW.sold_since_refill, 0) end, 0))) end) else 0 end)
    WHERE asset_id = NEW.asset_id;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER shelves_figures_after_update AFTER UPDATE OF in_planogram, sold_out, refill_stock, refill_time, sold_since_refill, platform_sold, platform_sold_at, valve, capacity, goods_id ON shelves
  FOR EACH ROW WHEN (OLD.asset_id = NEW.asset_id AND (OLD.in_planogram IS DISTINCT FROM NEW.in_planogram
    OR OLD.sold_out IS DISTINCT FROM NEW.sold_out
    OR OLD.refill_stock IS DISTINCT FROM NEW.refill_stock
    OR OLD.refill_time IS DISTINCT FROM NEW.refill_time
    OR OLD.sold_since_refill IS DISTINCT FROM NEW.sold_since_refill
    OR OLD.platform_sold IS DISTINCT FROM NEW.platform_sold
    OR OLD.platform_sold_at IS DISTINCT FROM NEW.platform_sold_at
    OR OLD.valve IS DISTINCT FROM NEW.valve
    OR OLD.capacity IS DISTINCT FROM NEW.capacity
    OR OLD.goods_id IS DISTINCT FROM NEW.goods_id))
  EXECUTE FUNCTION shelves_figures_after_update();--> statement-breakpoint
CREATE FUNCTION shelves_figures_after_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE machine_shelf_figures SET
      shelf_count = shelf_count - ((OLD.in_planogram = 1)::int),
      known_shelves = known_shelves - ((OLD.in_planogram = 1 and (OLD.sold_out = 1 or OLD.refill_stock is not null))::int),
      sold_out_shelves = sold_out_shelves - ((OLD.in_planogram = 1 and OLD.sold_out = 1)::int),
      under_valve_shelves = under_valve_shelves - (coalesce(OLD.in_planogram = 1 and OLD.sold_out = 0 and OLD.refill_stock is not null
        and greatest(0, OLD.refill_stock - greatest(0, coalesce(case when OLD.platform_sold_at > OLD.refill_time
        then (case when OLD.platform_sold is not null then greatest(OLD.sold_since_refill, OLD.platform_sold) end)
        else greatest(OLD.sold_since_refill, 0) end, 0))) <= coalesce(OLD.valve, 0), false)::int),
      units_since_refill = units_since_refill - (case when OLD.in_planogram = 1 and OLD.refill_time is not null then coalesce(case when OLD.platform_sold_at > OLD.refill_time
        then (case when OLD.platform_sold is not null then greatest(OLD.sold_since_refill, OLD.platform_sold) end)
        else greatest(OLD.sold_since_refill, 0) end, 0) else 0 end),
      units_to_load = units_to_load - (case when OLD.in_planogram = 1 and OLD.goods_id is not null and OLD.capacity is not null
        then greatest(0, OLD.capacity - case when OLD.sold_out = 1 or OLD.refill_stock is null then 0 else greatest(0, OLD.refill_stock - greatest(0, coalesce(case when OLD.platform_sold_at > OLD.refill_time
        then (case when OLD.platform_sold is not null then greatest(OLD.sold_since_refill, OLD.platform_sold) end)
        else greatest(OLD.sold_since_refill, 0) end, 0))) end) else 0 end)
    WHERE asset_id = OLD.asset_id;
  UPDATE machine_shelf_figures SET
      shelf_count = shelf_count + ((NEW.in_planogram = 1)::int),
      known_shelves = known_shelves + ((NEW.in_planogram = 1 and (NEW.sold_out = 1 or NEW.refill_stock is not null))::int),
      sold_out_shelves = sold_out_shelves + ((NEW.in_planogram = 1 and NEW.sold_out = 1)::int),
      under_valve_shelves = under_valve_shelves + (coalesce(NEW.in_planogram = 1 and NEW.sold_out = 0 and NEW.refill_stock is not null
        and greatest(0, NEW.refill_stock - greatest(0, coalesce(case when NEW.platform_sold_at > NEW.refill_time
        then (case when NEW.platform_sold is not null then greatest(NEW.sold_since_refill, NEW.platform_sold) end)
        else greatest(NEW.sold_since_refill, 0) end, 0))) <= coalesce(NEW.valve, 0), false)::int),
      units_since_refill = units_since_refill + (case when NEW.in_planogram = 1 and NEW.refill_time is not null then coalesce(case when NEW.platform_sold_at > NEW.refill_time
        then (case when NEW.platform_sold is not null then greatest(NEW.sold_since_refill, NEW.platform_sold) end)
        else greatest(NEW.sold_since_refill, 0) end, 0) else 0 end),
      units_to_load = units_to_load + (case when NEW.in_planogram = 1 and NEW.goods_id is not null and NEW.capacity is not null
        then greatest(0, NEW.capacity - case when NEW.sold_out = 1 or NEW.refill_stock is null then 0 else greatest(0, NEW.refill_stock - greatest(0, coalesce(case when NEW.platform_sold_at > NEW.refill_time
        then (case when NEW.platform_sold is not null then greatest(NEW.sold_since_refill, NEW.platform_sold) end)
        else greatest(NEW.sold_since_refill, 0) end, 0))) end) else 0 end)
    WHERE asset_id = NEW.asset_id;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER shelves_figures_after_move AFTER UPDATE ON shelves
  FOR EACH ROW WHEN (OLD.asset_id IS DISTINCT FROM NEW.asset_id) EXECUTE FUNCTION shelves_figures_after_move();--> statement-breakpoint
-- A new shelf takes its basis from the settlements and trades already stored; one listed by
-- none keeps the NULL basis it was inserted with (no row written). Found by primary key
-- (= ANY of an array), so the cached plan probes the index whatever the first call's size.
CREATE FUNCTION shelves_stock_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE shelves s SET (refill_stock, refill_time, sold_since_refill) = (
    SELECT p.stock, p.refill_time, coalesce((SELECT sum(coalesce(t.count, 1)) FROM trades t WHERE t.asset_id = s.asset_id AND t.location_id = s.location_id AND (t.cid = s.cid OR t.cid IS NULL) AND t.delivery = 'delivered' AND t.pay_time > p.refill_time), 0)
        + coalesce((SELECT sum(coalesce(t.count, 1)) FROM trades t WHERE t.asset_id = s.asset_id AND t.location_id = s.location_id AND (t.cid = s.cid OR t.cid IS NULL) AND t.delivery = 'delivered' AND t.pay_time IS NULL AND t.create_time > p.refill_time), 0)
    FROM (SELECT rs.stock, st.refill_time FROM refill_shelves rs JOIN refill_settlements st ON st.id = rs.settlement_id
      WHERE st.asset_id = s.asset_id AND rs.location_id = s.location_id AND (rs.cid = s.cid OR rs.cid IS NULL)
      ORDER BY st.refill_time DESC, rs.id DESC LIMIT 1) p)
  WHERE s.id = ANY (ARRAY(SELECT id FROM new_rows))
    AND EXISTS (SELECT 1 FROM refill_shelves rs JOIN refill_settlements st ON st.id = rs.settlement_id
      WHERE st.asset_id = s.asset_id AND rs.location_id = s.location_id AND (rs.cid = s.cid OR rs.cid IS NULL));
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER shelves_stock_after_insert AFTER INSERT ON shelves
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shelves_stock_after_insert();--> statement-breakpoint
-- A settlement stored again replaces its shelf rows: the shelves they were the basis of fall back
-- to the latest other listing (then the new rows apply again, shelf-stock.ts), and are recounted.
-- Row by row as on SQLite: a settlement's few dozen rows, each two index probes.
CREATE FUNCTION refill_shelves_stock_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a text; t bigint;
BEGIN
  SELECT asset_id, refill_time INTO a, t FROM refill_settlements WHERE id = OLD.settlement_id;
  UPDATE shelves s SET (refill_stock, refill_time) = (SELECT rs.stock, st.refill_time FROM refill_shelves rs JOIN refill_settlements st ON st.id = rs.settlement_id
      WHERE st.asset_id = s.asset_id AND rs.location_id = s.location_id AND (rs.cid = s.cid OR rs.cid IS NULL)
      ORDER BY st.refill_time DESC, rs.id DESC LIMIT 1)
    WHERE s.asset_id = a AND s.location_id = OLD.location_id AND (OLD.cid IS NULL OR s.cid = OLD.cid)
      AND s.refill_time = t;
  UPDATE shelves s SET sold_since_refill = CASE WHEN s.refill_time IS NULL THEN 0 ELSE
      coalesce((SELECT sum(coalesce(t.count, 1)) FROM trades t WHERE t.asset_id = s.asset_id AND t.location_id = s.location_id AND (t.cid = s.cid OR t.cid IS NULL) AND t.delivery = 'delivered' AND t.pay_time > s.refill_time), 0)
        + coalesce((SELECT sum(coalesce(t.count, 1)) FROM trades t WHERE t.asset_id = s.asset_id AND t.location_id = s.location_id AND (t.cid = s.cid OR t.cid IS NULL) AND t.delivery = 'delivered' AND t.pay_time IS NULL AND t.create_time > s.refill_time), 0) END
    WHERE s.asset_id = a AND s.location_id = OLD.location_id AND (OLD.cid IS NULL OR s.cid = OLD.cid);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER refill_shelves_stock_after_delete AFTER DELETE ON refill_shelves
  FOR EACH ROW WHEN (OLD.location_id IS NOT NULL) EXECUTE FUNCTION refill_shelves_stock_after_delete();--> statement-breakpoint
-- Every machine has its row (a database migrated before this one, or copied without it).
INSERT INTO machine_shelf_figures (asset_id) SELECT asset_id FROM machines ON CONFLICT DO NOTHING;
