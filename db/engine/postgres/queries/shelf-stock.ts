import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { runNamed } from './prepared-shared';
import type { ShelfSale } from '@/db/shelf-stock';

/*
 * PostgreSQL's form of db/shelf-stock.ts: the stock basis's hot paths (a trade's delivered units,
 * a settlement's shelves), run in the caller's transaction as on SQLite. The rare paths (a new
 * shelf, a settlement's rows deleted) and the machines' shelf figures are PostgreSQL triggers
 * under SQLite's names (migration 0001, docs/decisions.md D105), which the UPDATEs below fire
 * once per statement.
 */

/** Units a shelf's sales took since `at` (an SQL expression), for the shelf row `s`. */
const soldAfter = (at: ReturnType<typeof sql>) => sql`
  coalesce((select sum(coalesce(t.count, 1)) from trades t
    where t.asset_id = s.asset_id and t.location_id = s.location_id
      and (t.cid = s.cid or t.cid is null) and t.delivery = 'delivered' and t.pay_time > ${at}), 0)
  + coalesce((select sum(coalesce(t.count, 1)) from trades t
    where t.asset_id = s.asset_id and t.location_id = s.location_id
      and (t.cid = s.cid or t.cid is null) and t.delivery = 'delivered'
      and t.pay_time is null and t.create_time > ${at}), 0)`;

function units(t: ShelfSale | undefined) {
  if (!t || t.delivery !== 'delivered' || t.locationId == null || t.assetId == null) return 0;
  if ((t.payTime ?? t.createTime) == null) return 0;
  return t.count ?? 1;
}

/**
 * The trade before (undefined when new) and after its upsert: what the old state took from its
 * shelf is given back, what the new one takes is taken. Both in ONE statement (summed per shelf:
 * the two may name the same shelf), none when nothing that decides it changed.
 */
export async function keepShelfStock(
  db: PgDbOrTx,
  before: ShelfSale | undefined,
  after: ShelfSale,
): Promise<void> {
  await applyMoves(db, movesOf(before, after));
}

/** keepShelfStock for a batch of upserts, in one statement (D119). */
export async function keepShelfStocks(
  db: PgDbOrTx,
  list: readonly (readonly [ShelfSale | undefined, ShelfSale])[],
): Promise<void> {
  await applyMoves(
    db,
    list.flatMap(([before, after]) => movesOf(before, after)),
  );
}

type Move = [ShelfSale, number];

/** What the upsert gives back to and takes from shelves; none when nothing deciding changed. */
function movesOf(before: ShelfSale | undefined, after: ShelfSale): Move[] {
  const had = units(before);
  const has = units(after);
  if (!had && !has) return [];
  if (
    before &&
    had === has &&
    before.assetId === after.assetId &&
    (before.cid ?? null) === (after.cid ?? null) &&
    before.locationId === after.locationId &&
    (before.payTime ?? before.createTime) === (after.payTime ?? after.createTime)
  )
    return [];
  const moves: Move[] = [];
  if (had) moves.push([before!, -(before!.count ?? 1)]);
  if (has) moves.push([after, after.count ?? 1]);
  return moves;
}

async function applyMoves(db: PgDbOrTx, moves: readonly Move[]): Promise<void> {
  const q = movesSql(moves);
  if (q) await runNamed(db, 'prep_shelf_moves', q);
}

/** keepShelfStocks' statement (for a WITH clause of a larger one); null when nothing moves. */
export function shelfMovesSql(
  list: readonly (readonly [ShelfSale | undefined, ShelfSale])[],
): SQL | null {
  return movesSql(list.flatMap(([before, after]) => movesOf(before, after)));
}

function movesSql(moves: readonly Move[]): SQL | null {
  if (!moves.length) return null;
  const col = <T>(f: (t: ShelfSale, n: number) => T) => sql.param(moves.map(([t, n]) => f(t, n)));
  return sql`
    update shelves s set sold_since_refill = s.sold_since_refill + d.units
    from (
      select s2.id, sum(v.units)::bigint as units
      from unnest(${col((_, n) => n)}::bigint[], ${col((t) => t.assetId)}::text[],
        ${col((t) => t.cid ?? null)}::text[], ${col((t) => t.locationId)}::text[],
        ${col((t) => t.payTime ?? t.createTime)}::bigint[]) v(units, asset_id, cid, location_id, at)
      join shelves s2 on s2.asset_id = v.asset_id and s2.location_id = v.location_id
        and (v.cid is null or s2.cid = v.cid) and s2.refill_time < v.at
      group by s2.id) d
    where s.id = d.id and d.units <> 0`;
}

/**
 * Called after a settlement's shelf rows are stored: each shelf it lists (its last row for the
 * shelf) takes it as its basis unless it already has a later one, its sales counted again from
 * its time. SQLite's takes the raw connection; this takes the transaction the rows were stored in.
 */
export async function applyRefillToShelves(
  db: PgDbOrTx,
  r: { settlementId: number; assetId: string; refillTime: number },
): Promise<void> {
  const at = sql`${r.refillTime}::bigint`;
  await db.execute(sql`
    update shelves s set refill_stock = pick.stock, refill_time = ${at},
      sold_since_refill = ${soldAfter(at)}
    from (
      select distinct on (s2.id) s2.id as shelf_id, rs.stock
      from shelves s2
      join refill_shelves rs on rs.settlement_id = ${r.settlementId}
        and rs.location_id = s2.location_id and (rs.cid = s2.cid or rs.cid is null)
      where s2.asset_id = ${r.assetId}
      order by s2.id, rs.id desc) pick
    where s.id = pick.shelf_id and (s.refill_time is null or s.refill_time <= ${at})`);
}
