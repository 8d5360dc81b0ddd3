import 'server-only';
import type Database from 'better-sqlite3';
import { held, ready } from './transaction';
import type { TradeRow } from './queries/trades';
import type { Db } from './client';
import { perConnection } from './statements';
import { isPg, pgOf, type LooseForms } from './engine/handle';
import * as pgForms from './engine/postgres/queries/shelf-stock';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

/*
 * The estimated-stock basis kept on each shelf (docs/decisions.md D36): `refill_stock` and
 * `refill_time` of the latest §8.1 settlement listing the shelf (a row without `cid` lists every
 * shelf at its location; a tie in time goes to the row stored last), and `sold_since_refill`,
 * the units our delivered trades took from it strictly after that time (a trade's time is its
 * payTime, else its createTime; a trade without `cid` counts for every shelf at its location).
 *
 * The hot paths keep it here, in the projections' transactions: a trade whose delivered units
 * change adds or takes them back (one indexed UPDATE), and a new settlement moves its shelves'
 * basis in one statement. The rare paths are triggers in migration 0008: a shelf created after
 * its settlements and trades takes its basis from them, and a settlement stored again (its
 * rows deleted) lets its shelves fall back before its new rows apply. A trigger on trades was
 * measured at 12 µs per insert even with an empty body, a third of the bulk load's trade time.
 * db/queries/stock.test.ts recounts the whole basis from the settlements and trades.
 */

/** Units a shelf's sales since `refill` (an SQL expression) for the shelf row `shelves`. */
const soldAfter = (refill: string) => {
  const shelf = `t.asset_id = shelves.asset_id AND t.location_id = shelves.location_id
      AND (t.cid = shelves.cid OR t.cid IS NULL) AND t.delivery = 'delivered'`;
  // Two ranges of the (asset_id, pay_time) index rather than one OR.
  return `coalesce((SELECT sum(coalesce(t.count, 1)) FROM trades t
      WHERE ${shelf} AND t.pay_time > ${refill}), 0)
    + coalesce((SELECT sum(coalesce(t.count, 1)) FROM trades t
      WHERE ${shelf} AND t.pay_time IS NULL AND t.create_time > ${refill}), 0)`;
};

/** What a trade takes from its shelf's stock, by the fields that decide it. */
export type ShelfSale = Pick<
  TradeRow,
  'assetId' | 'cid' | 'locationId' | 'delivery' | 'count' | 'payTime' | 'createTime'
>;

interface Statements {
  byCid: Database.Statement;
  byLocation: Database.Statement;
  applyRefill: Database.Statement;
}

const statements = perConnection((sqlite: Database.Database): Statements => {
  // Positional parameters: units, assetId, [cid,] locationId, at (one trade each, so cheap
  // binding matters).
  const add = (match: string) =>
    sqlite.prepare(
      `UPDATE shelves SET sold_since_refill = sold_since_refill + ?
       WHERE asset_id = ? AND ${match} AND refill_time < ?`,
    );
  return {
    // The unique (asset_id, cid, location_id) index finds the one shelf.
    byCid: add('cid = ? AND location_id = ?'),
    byLocation: add('location_id = ?'),
    // Each shelf the settlement lists (its last row for the shelf) takes the settlement as its
    // basis unless it already has a later one; its sales are counted again from this time.
    applyRefill: sqlite.prepare(
      `UPDATE shelves SET refill_stock = pick.stock, refill_time = :refillTime,
         sold_since_refill = ${soldAfter(':refillTime')}
       FROM (
         SELECT s.id AS shelf_id, rs.stock AS stock FROM shelves s
         JOIN refill_shelves rs ON rs.id = (
           SELECT max(r2.id) FROM refill_shelves r2
           WHERE r2.settlement_id = :settlementId AND r2.location_id = s.location_id
             AND (r2.cid = s.cid OR r2.cid IS NULL))
         WHERE s.asset_id = :assetId
       ) pick
       WHERE shelves.id = pick.shelf_id
         AND (shelves.refill_time IS NULL OR shelves.refill_time <= :refillTime)`,
    ),
  };
});

function units(t: ShelfSale | undefined) {
  if (!t || t.delivery !== 'delivered' || t.locationId == null || t.assetId == null) return 0;
  if ((t.payTime ?? t.createTime) == null) return 0;
  return t.count ?? 1;
}

function apply(s: Statements, t: ShelfSale, sign: 1 | -1) {
  const units = sign * (t.count ?? 1);
  const at = t.payTime ?? t.createTime;
  if (t.cid != null) s.byCid.run(units, t.assetId, t.cid, t.locationId, at);
  else s.byLocation.run(units, t.assetId, t.locationId, at);
}

/**
 * Called by the trade projection with the trade before (undefined when new) and after its
 * upsert: what the old state took from its shelf is given back, what the new one takes is
 * taken. Nothing runs when neither is delivered or nothing that decides it changed.
 */
export async function keepShelfStock(db: Db, before: ShelfSale | undefined, after: ShelfSale) {
  if (isPg(db)) {
    await onPg.keepShelfStock(pgOf(db), before, after);
    return;
  }
  while (held(db)) await ready(db);
  const had = units(before);
  const has = units(after);
  if (!had && !has) return;
  if (
    before &&
    had === has &&
    before.assetId === after.assetId &&
    (before.cid ?? null) === (after.cid ?? null) &&
    before.locationId === after.locationId &&
    (before.payTime ?? before.createTime) === (after.payTime ?? after.createTime)
  )
    return;
  const s = statements(db.$client);
  if (had) apply(s, before!, -1);
  if (has) apply(s, after, 1);
}

/** keepShelfStock for a batch of trade upserts: one statement on PostgreSQL (D119). */
export async function keepShelfStocks(
  db: Db,
  list: readonly (readonly [ShelfSale | undefined, ShelfSale])[],
) {
  if (isPg(db)) {
    await onPg.keepShelfStocks(pgOf(db), list);
    return;
  }
  for (const [before, after] of list) await keepShelfStock(db, before, after);
}

/** Called after a settlement's shelf rows are stored: its shelves' basis moves to it. */
export function applyRefillToShelves(
  sqlite: Database.Database,
  r: { settlementId: number; assetId: string; refillTime: number },
) {
  statements(sqlite).applyRefill.run(r);
}
