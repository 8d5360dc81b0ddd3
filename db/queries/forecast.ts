import 'server-only';
import { held, ready } from '../transaction';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { demandFits, machineDemand, machines, shelfDemand, tradeTime } from '../schema';
import { scopeWhere as shelfScope, soldSinceRefill, type StockScope } from './stock';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/forecast';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

/**
 * The forecast's reads and writes (issue 21, D93). The fit reads one machine's history at a
 * time (bounded memory at 5,000 machines); the planning reads take every machine in scope at once.
 */

/** A shelf's key in the fit: cid and location, as the planogram names it. */
export const shelfKey = (cid: string, locationId: string) => `${cid}|${locationId}`;

export interface FitMachineRow {
  assetId: string;
  siteId: number | null;
}

/** Every machine with a planogram shelf, and its site. */
export async function fitMachines(db: DbOrTx): Promise<FitMachineRow[]> {
  if (isPg(db)) return onPg.fitMachines(pgOf(db));
  while (held(db)) await ready(db);
  return db.all<FitMachineRow>(sql`
    select m.asset_id as assetId, m.site_id as siteId from ${machines} m
    where exists (select 1 from shelves s where s.asset_id = m.asset_id and s.in_planogram = 1)
    order by m.asset_id`);
}

export interface MachineHistoryRows {
  /** Its first delivered trade or refill settlement ever: its records begin then. */
  firstSeen: number | null;
  shelves: { cid: string; locationId: string; goodsId: string | null }[];
  trades: {
    t: number;
    cid: string | null;
    locationId: string | null;
    goodsId: string | null;
    units: number;
  }[];
  refills: { t: number; cid: string | null; locationId: string | null; stock: number | null }[];
}

/**
 * One machine's planogram, its refill settlements from the last one before `from` to `to`,
 * and its delivered trades from that settlement (or `from`) to `to`, in time order.
 */
export async function machineHistory(
  db: DbOrTx,
  p: { assetId: string; from: number; to: number },
): Promise<MachineHistoryRows> {
  if (isPg(db)) return onPg.machineHistory(pgOf(db), p);
  while (held(db)) await ready(db);
  const shelves = db.all<MachineHistoryRows['shelves'][number]>(sql`
    select cid, location_id as locationId, goods_id as goodsId from shelves
    where asset_id = ${p.assetId} and in_planogram = 1
    order by cid, cast(location_id as integer), location_id`);
  const before = db.get<{ t: number | null }>(sql`
    select max(refill_time) as t from refill_settlements
    where asset_id = ${p.assetId} and refill_time < ${p.from}`);
  const since = Math.min(p.from, before?.t ?? p.from);
  const refills = db.all<MachineHistoryRows['refills'][number]>(sql`
    select s.refill_time as t, r.cid as cid, r.location_id as locationId, r.stock as stock
    from refill_settlements s join refill_shelves r on r.settlement_id = s.id
    where s.asset_id = ${p.assetId} and s.refill_time >= ${since} and s.refill_time < ${p.to}
    order by s.refill_time`);
  // The partial index on delivered trades by machine and time (trades_delivered_units_idx).
  const trades = db.all<MachineHistoryRows['trades'][number]>(sql`
    select ${tradeTime} as t, cid, location_id as locationId, goods_id as goodsId,
      coalesce(count, 1) as units
    from trades
    where asset_id = ${p.assetId} and delivery = 'delivered'
      and ${tradeTime} > ${since} and ${tradeTime} < ${p.to}
    order by 1`);
  // Index seeks only: the delivered trades' partial index and the settlements' unique index.
  const first = db.get<{ t: number | null }>(sql`
    select min(t) as t from (
      select min(${tradeTime}) as t from trades
        where asset_id = ${p.assetId} and delivery = 'delivered'
      union all
      select min(refill_time) from refill_settlements where asset_id = ${p.assetId})`);
  return { firstSeen: first?.t ?? null, shelves, trades, refills };
}

export interface StoredShelfDemand {
  cid: string;
  locationId: string;
  goodsId: string | null;
  unitsPerDay: number;
  units: number;
  exposureDays: number;
  source: string;
}

export interface StoredMachineDemand {
  assetId: string;
  shape: readonly number[];
  unitsPerDay: number;
  utcOffset: number;
  windowFrom: number;
  windowTo: number;
  shelves: StoredShelfDemand[];
}

/** Replaces these machines' demand (one transaction: a reader sees the old fit or the new). */
export async function storeMachineDemand(
  db: DbOrTx,
  rows: readonly StoredMachineDemand[],
  now: number,
) {
  if (isPg(db)) {
    await onPg.storeMachineDemand(pgOf(db), rows, now);
    return;
  }
  while (held(db)) await ready(db);
  if (!rows.length) return;
  const ids = JSON.stringify(rows.map((r) => r.assetId));
  db.run(sql`delete from ${shelfDemand} where asset_id in (select value from json_each(${ids}))`);
  db.insert(machineDemand)
    .values(
      rows.map((r) => ({
        assetId: r.assetId,
        shape: JSON.stringify(r.shape),
        unitsPerDay: r.unitsPerDay,
        utcOffset: r.utcOffset,
        windowFrom: r.windowFrom,
        windowTo: r.windowTo,
        fittedAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: machineDemand.assetId,
      set: {
        shape: sql`excluded.shape`,
        unitsPerDay: sql`excluded.units_per_day`,
        utcOffset: sql`excluded.utc_offset`,
        windowFrom: sql`excluded.window_from`,
        windowTo: sql`excluded.window_to`,
        fittedAt: sql`excluded.fitted_at`,
      },
    })
    .run();
  const shelves = rows.flatMap((r) =>
    r.shelves.map((s) => ({ ...s, assetId: r.assetId, fittedAt: now })),
  );
  // SQLite binds at most 32,766 variables: 9 a row.
  for (let i = 0; i < shelves.length; i += 3000)
    db.insert(shelfDemand)
      .values(shelves.slice(i, i + 3000))
      .run();
}

/** Machines no longer in the fleet (or without shelves) lose their demand. */
export async function dropStaleDemand(db: DbOrTx, fittedBefore: number) {
  if (isPg(db)) {
    await onPg.dropStaleDemand(pgOf(db), fittedBefore);
    return;
  }
  while (held(db)) await ready(db);
  db.run(sql`delete from ${shelfDemand} where fitted_at < ${fittedBefore}`);
  db.run(sql`delete from ${machineDemand} where fitted_at < ${fittedBefore}`);
}

export async function recordFit(db: DbOrTx, fit: typeof demandFits.$inferInsert) {
  if (isPg(db)) {
    await onPg.recordFit(pgOf(db), fit);
    return;
  }
  while (held(db)) await ready(db);
  db.insert(demandFits).values(fit).run();
  // A year of hourly fits is 8,760 rows of 2 KB: keep the last 500.
  db.run(sql`delete from ${demandFits} where id <= (select max(id) - 500 from ${demandFits})`);
}

/** A fit as the API shows it. */
export interface FitSummary {
  fittedAt: number;
  windowFrom: number;
  windowTo: number;
  machines: number;
  shelves: number;
  durationMs: number;
}

export async function latestFit(db: DbOrTx) {
  if (isPg(db)) return onPg.latestFit(pgOf(db));
  while (held(db)) await ready(db);
  return db.get<
    FitSummary & { fleetShape: string }
  >(sql`select fitted_at as fittedAt, window_from as windowFrom, window_to as windowTo,
      machines, shelves, duration_ms as durationMs, fleet_shape as fleetShape
    from ${demandFits} order by id desc limit 1`);
}

function scopeWhere(scope: StockScope, column: Awaited<ReturnType<typeof sql.raw>>) {
  if ('assetIds' in scope)
    return sql`${column} in (select value from json_each(${JSON.stringify(scope.assetIds)}))`;
  if ('lineId' in scope)
    return sql`${column} in (select asset_id from ${machines} where line_id = ${scope.lineId})`;
  return sql`1`;
}

/** Each machine's stored profile in scope. */
export async function machineShapes(db: DbOrTx, scope: StockScope) {
  if (isPg(db)) return onPg.machineShapes(pgOf(db), scope);
  while (held(db)) await ready(db);
  return db.all<{ assetId: string; shape: string; unitsPerDay: number; utcOffset: number }>(sql`
    select asset_id as assetId, shape, units_per_day as unitsPerDay, utc_offset as utcOffset
    from ${machineDemand} d where ${scopeWhere(scope, sql.raw('d.asset_id'))}`);
}

export interface ForecastBasisRow {
  assetId: string;
  cid: string;
  locationId: string;
  goodsId: string | null;
  goodsName: string | null;
  capacity: number | null;
  valve: number | null;
  soldOut: number;
  refillStock: number | null;
  soldSinceRefill: number;
  /** The stored rate, only when it is of the goods the shelf holds now. */
  unitsPerDay: number | null;
  units: number | null;
}

/**
 * Every planogram shelf in scope with its stock basis (db/queries/stock.ts's terms) and its
 * stored rate, in one statement: fleet-wide this is 200,000 rows, read once per answer.
 */
export async function forecastBasis(db: DbOrTx, scope: StockScope): Promise<ForecastBasisRow[]> {
  if (isPg(db)) return onPg.forecastBasis(pgOf(db), scope);
  while (held(db)) await ready(db);
  return db.all<ForecastBasisRow>(sql`
    select s.asset_id as assetId, s.cid as cid, s.location_id as locationId,
      s.goods_id as goodsId, s.goods_name as goodsName, s.capacity as capacity, s.valve as valve,
      s.sold_out as soldOut, s.refill_stock as refillStock, ${soldSinceRefill} as soldSinceRefill,
      case when d.goods_id is s.goods_id then d.units_per_day end as unitsPerDay,
      case when d.goods_id is s.goods_id then d.units end as units
    from shelves s
    left join ${shelfDemand} d
      on d.asset_id = s.asset_id and d.cid = s.cid and d.location_id = s.location_id
    where s.in_planogram = 1 and ${shelfScope(scope)}
    order by s.asset_id, s.cid, cast(s.location_id as integer), s.location_id`);
}
