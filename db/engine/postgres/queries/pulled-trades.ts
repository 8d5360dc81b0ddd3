import 'server-only';
import { sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { arr, runNamed } from './prepared-shared';
import type {
  PulledMachineParams,
  PulledTradeRef,
  RenameTradeParams,
  SetTradeIdParams,
} from '@/db/queries/pulled-trades';

/** PostgreSQL's form of db/queries/pulled-trades.ts (a sync imports thousands of rows a run). */

/** Any number: the advisory locks' space for order numbers (the second key is its hash). */
const ORDER_NO_LOCKS = 22_114;

/**
 * A transaction-scoped advisory lock on an order number: a sync page and a push batch looking
 * the same trade up take turns, and the second, under READ COMMITTED, then sees the row the
 * first committed. (Two order numbers sharing a hash only wait for each other.)
 */
export async function lockOrderNo(db: PgDbOrTx, orderNo: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${ORDER_NO_LOCKS}, hashtext(${orderNo}))`);
}

/** Renames a stored trade's id; nothing when no trade has `from`. */
export async function renameTrade(db: PgDbOrTx, p: RenameTradeParams): Promise<void> {
  await db.execute(sql`update trades set trade_id = ${p.to} where trade_id = ${p.from}`);
}

/**
 * lockOrderNo for many orders, as a WITH clause `locked(n)` of one row for a statement that
 * goes on to do something else (D119): each lock taken in the order of its key, so two batches
 * that share orders wait for each other rather than deadlock. What the lock guards must be
 * looked up by a LATER statement, whose snapshot is taken once the locks are held.
 */
export const lockingOrderNos = (orderNos: readonly string[]) => sql`
  locked as (
    select count(*) as n from (
      select pg_advisory_xact_lock(${ORDER_NO_LOCKS}, k)
      from (select distinct hashtext(o) as k from unnest(${arr(orderNos)}::text[]) as o
            order by k offset 0) as keys) as l)`;

/**
 * renameTrade for a list whose `from`s are distinct, then which of `tradeIds` are stored, in
 * one statement: the renamed rows come from the UPDATE's RETURNING (the statement's snapshot
 * does not see them under their new ids).
 */
export async function adoptAndFindTrades(
  db: PgDbOrTx,
  list: readonly RenameTradeParams[],
  tradeIds: readonly string[],
): Promise<string[]> {
  const r = await runNamed<{ trade_id: string }>(
    db,
    'prep_adopt_and_find_trades',
    sql`
    with renamed as (
      update trades t set trade_id = u.to_id
      from unnest(${arr(list.map((r) => r.from))}::text[], ${arr(list.map((r) => r.to))}::text[])
        as u(from_id, to_id)
      where t.trade_id = u.from_id
      returning t.trade_id)
    select trade_id from renamed
    union
    select trade_id from trades where trade_id = any(${arr(tradeIds)}::text[])`,
  );
  return r.rows.map((row) => row.trade_id);
}

/** The first stored trade with this order number. */
export async function tradeByOrderNo(
  db: PgDbOrTx,
  orderNo: string,
): Promise<PulledTradeRef | undefined> {
  const r = await db.execute(
    sql`select id, trade_id as "tradeId", source, delivery from trades
        where order_no = ${orderNo} order by id limit 1`,
  );
  return r.rows[0] as PulledTradeRef | undefined;
}

export async function setTradeId(db: PgDbOrTx, p: SetTradeIdParams): Promise<void> {
  await db.execute(sql`update trades set trade_id = ${p.tradeId} where id = ${p.id}`);
}

/**
 * Adds a machine named by pulled data (incomplete, not seen) unless it exists. Returns whether
 * it was new.
 */
export async function insertPulledMachine(db: PgDbOrTx, p: PulledMachineParams): Promise<boolean> {
  const r = await db.execute(
    sql`insert into machines (asset_id, client_id, platform, incomplete, origin, created_at, updated_at)
        values (${p.assetId}, ${p.clientId}, 'smartvending', 1, 'pull', ${p.at}, ${p.at})
        on conflict (asset_id) do nothing`,
  );
  return r.rowCount === 1;
}
