import 'server-only';
import { sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { demandFits } from '@/db/engine/postgres/schema';
import type {
  FitMachineRow,
  FitSummary,
  ForecastBasisRow,
  MachineHistoryRows,
  StoredMachineDemand,
} from '@/db/queries/forecast';
import type { StockScope } from '@/db/queries/stock';
import {
  assetScope,
  bigintArray,
  firstOf,
  locationNumber,
  rowsOf,
  soldSinceRefill,
  textArray,
} from './planning-terms';

/** The forecast's reads and writes (db/queries/forecast.ts, issue 21, D93). */

export async function fitMachines(db: PgDbOrTx): Promise<FitMachineRow[]> {
  return rowsOf<FitMachineRow>(
    db,
    sql`
    select m.asset_id as "assetId", m.site_id as "siteId" from machines m
    where exists (select 1 from shelves s where s.asset_id = m.asset_id and s.in_planogram = 1)
    order by m.asset_id`,
  );
}

/**
 * The histories of several machines in ONE statement: a round trip per machine (four on
 * SQLite, where a statement costs microseconds) would be most of a 5,000-machine fit. Each part
 * is one index range per machine: shelves_asset_cid_loc_uq, refill_asset_time_uq then
 * refill_shelves_settlement_loc_idx, trades_delivered_units_idx. Rows come in SQLite's order,
 * ties included (its plans read those indexes in their key order). Bounded memory: the caller
 * passes machines a chunk at a time.
 */
export async function machineHistories(
  db: PgDbOrTx,
  p: { assetIds: readonly string[]; from: number; to: number },
): Promise<Map<string, MachineHistoryRows>> {
  const t = sql.raw('(case when t.pay_time is null then t.create_time else t.pay_time end)');
  const rows = await rowsOf<MachineHistoryRows & { assetId: string }>(
    db,
    sql`
    with m as (
      select v.asset_id, least(${p.from}::bigint, coalesce((select max(refill_time)
        from refill_settlements where asset_id = v.asset_id and refill_time < ${p.from}),
        ${p.from}::bigint)) as since
      from unnest(${textArray(p.assetIds)}) v(asset_id))
    select m.asset_id as "assetId",
      least(
        (select ${t} from trades t where t.asset_id = m.asset_id and t.delivery = 'delivered'
          order by ${t} limit 1),
        (select min(refill_time) from refill_settlements where asset_id = m.asset_id))
        as "firstSeen",
      coalesce((select json_agg(json_build_object('cid', s.cid, 'locationId', s.location_id,
          'goodsId', s.goods_id)
          order by s.cid, ${locationNumber(sql`s.location_id`)}, s.location_id)
        from shelves s where s.asset_id = m.asset_id and s.in_planogram = 1), '[]') as "shelves",
      coalesce((select json_agg(json_build_object('t', st.refill_time, 'cid', r.cid,
          'locationId', r.location_id, 'stock', r.stock)
          order by st.refill_time, r.location_id nulls first, r.cid nulls first, r.id)
        from refill_settlements st join refill_shelves r on r.settlement_id = st.id
        where st.asset_id = m.asset_id and st.refill_time >= m.since
          and st.refill_time < ${p.to}), '[]') as "refills",
      coalesce((select json_agg(json_build_object('t', ${t}, 'cid', t.cid,
          'locationId', t.location_id, 'goodsId', t.goods_id, 'units', coalesce(t.count, 1))
          order by ${t}, t.count nulls first, t.id)
        from trades t where t.asset_id = m.asset_id and t.delivery = 'delivered'
          and ${t} > m.since and ${t} < ${p.to}), '[]') as "trades"
    from m`,
  );
  return new Map(rows.map(({ assetId, ...h }) => [assetId, h]));
}

/** One machine's history (db/queries/forecast.ts), one statement. */
export async function machineHistory(
  db: PgDbOrTx,
  p: { assetId: string; from: number; to: number },
): Promise<MachineHistoryRows> {
  const all = await machineHistories(db, { assetIds: [p.assetId], from: p.from, to: p.to });
  return all.get(p.assetId)!;
}

/**
 * Replaces these machines' demand: their shelf rows out, then the machines upserted and the
 * shelves inserted in one statement of unnested arrays (no 32,766-variable chunks here). The
 * caller's transaction makes it atomic, as on SQLite.
 */
export async function storeMachineDemand(
  db: PgDbOrTx,
  rows: readonly StoredMachineDemand[],
  now: number,
): Promise<void> {
  if (!rows.length) return;
  const ids = rows.map((r) => r.assetId);
  await db.execute(sql`delete from shelf_demand where asset_id = any(${textArray(ids)})`);
  const shelves = rows.flatMap((r) => r.shelves.map((s) => ({ ...s, assetId: r.assetId })));
  const arr = (values: unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;
  await db.execute(sql`
    with md as (
      insert into machine_demand (asset_id, shape, units_per_day, utc_offset, window_from,
        window_to, fitted_at)
      select v.*, ${now}::bigint from unnest(${textArray(ids)},
        ${textArray(rows.map((r) => JSON.stringify(r.shape)))},
        ${arr(
          rows.map((r) => r.unitsPerDay),
          'float8',
        )}, ${arr(
          rows.map((r) => r.utcOffset),
          'int',
        )},
        ${bigintArray(rows.map((r) => r.windowFrom))}, ${bigintArray(rows.map((r) => r.windowTo))}) v
      on conflict (asset_id) do update set shape = excluded.shape,
        units_per_day = excluded.units_per_day, utc_offset = excluded.utc_offset,
        window_from = excluded.window_from, window_to = excluded.window_to,
        fitted_at = excluded.fitted_at)
    insert into shelf_demand (asset_id, cid, location_id, goods_id, units_per_day, units,
      exposure_days, source, fitted_at)
    select v.*, ${now}::bigint from unnest(${textArray(shelves.map((s) => s.assetId))},
      ${textArray(shelves.map((s) => s.cid))}, ${textArray(shelves.map((s) => s.locationId))},
      ${arr(
        shelves.map((s) => s.goodsId),
        'text',
      )}, ${arr(
        shelves.map((s) => s.unitsPerDay),
        'float8',
      )},
      ${bigintArray(shelves.map((s) => s.units))}, ${arr(
        shelves.map((s) => s.exposureDays),
        'float8',
      )},
      ${textArray(shelves.map((s) => s.source))}) v`);
}

export async function dropStaleDemand(db: PgDbOrTx, fittedBefore: number): Promise<void> {
  await db.execute(sql`
    with shelves as (delete from shelf_demand where fitted_at < ${fittedBefore})
    delete from machine_demand where fitted_at < ${fittedBefore}`);
}

/** The fit and the trim to the last 500 in one statement (the new id is the largest). */
export async function recordFit(db: PgDbOrTx, fit: typeof demandFits.$inferInsert): Promise<void> {
  await db.execute(sql`
    with fit as (
      insert into demand_fits (fitted_at, window_from, window_to, machines, shelves,
        duration_ms, fleet_shape)
      values (${fit.fittedAt}, ${fit.windowFrom}, ${fit.windowTo}, ${fit.machines},
        ${fit.shelves}, ${fit.durationMs}, ${fit.fleetShape})
      returning id)
    delete from demand_fits where id <= (select id from fit) - 500`);
}

export async function latestFit(
  db: PgDbOrTx,
): Promise<(FitSummary & { fleetShape: string }) | undefined> {
  return firstOf(
    db,
    sql`select fitted_at as "fittedAt", window_from as "windowFrom", window_to as "windowTo",
      machines as "machines", shelves as "shelves", duration_ms as "durationMs",
      fleet_shape as "fleetShape"
    from demand_fits order by id desc limit 1`,
  );
}

/** Each machine's stored profile in scope (the caller keys them by machine: order is free). */
export async function machineShapes(db: PgDbOrTx, scope: StockScope) {
  return rowsOf<{ assetId: string; shape: string; unitsPerDay: number; utcOffset: number }>(
    db,
    sql`
    select asset_id as "assetId", shape as "shape", units_per_day as "unitsPerDay",
      utc_offset as "utcOffset"
    from machine_demand d where ${assetScope(scope, sql`d.asset_id`)}
    order by d.asset_id`,
  );
}

/** Every planogram shelf in scope with its stock basis and stored rate, one statement. */
export async function forecastBasis(db: PgDbOrTx, scope: StockScope): Promise<ForecastBasisRow[]> {
  return rowsOf<ForecastBasisRow>(
    db,
    sql`
    select s.asset_id as "assetId", s.cid as "cid", s.location_id as "locationId",
      s.goods_id as "goodsId", s.goods_name as "goodsName", s.capacity as "capacity",
      s.valve as "valve", s.sold_out as "soldOut", s.refill_stock as "refillStock",
      ${soldSinceRefill} as "soldSinceRefill",
      case when d.goods_id is not distinct from s.goods_id then d.units_per_day end
        as "unitsPerDay",
      case when d.goods_id is not distinct from s.goods_id then d.units end as "units"
    from shelves s
    left join shelf_demand d
      on d.asset_id = s.asset_id and d.cid = s.cid and d.location_id = s.location_id
    where s.in_planogram = 1 and ${assetScope(scope, sql`s.asset_id`)}
    order by s.asset_id, s.cid, ${locationNumber(sql`s.location_id`)}, s.location_id`,
  );
}
