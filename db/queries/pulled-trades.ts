import 'server-only';
import type { Db } from '../client';
import { held, ready } from '../transaction';
import type { Delivery } from '../schema';
import { perClient } from '../statements';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/pulled-trades';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

// A sync imports thousands of §3.2 rows a run: statements prepared once per connection.
const statements = perClient((db) => ({
  rename: db.$client.prepare<[string, string]>('UPDATE trades SET trade_id = ? WHERE trade_id = ?'),
  exists: db.$client.prepare<[string], 1>('SELECT 1 FROM trades WHERE trade_id = ?').pluck(),
  byOrderNo: db.$client.prepare<[string], PulledTradeRef>(
    'SELECT id, trade_id AS tradeId, source, delivery FROM trades WHERE order_no = ? ORDER BY id LIMIT 1',
  ),
  setTradeId: db.$client.prepare<[string, number]>('UPDATE trades SET trade_id = ? WHERE id = ?'),
  ensureMachine: db.$client.prepare<[string, string, number, number]>(
    `INSERT INTO machines (asset_id, client_id, platform, incomplete, origin, created_at, updated_at)
     VALUES (?, ?, 'smartvending', 1, 'pull', ?, ?) ON CONFLICT (asset_id) DO NOTHING`,
  ),
}));

export interface RenameTradeParams {
  /** The id the trade is stored under now. */
  from: string;
  to: string;
}

/**
 * Holds, until the caller's transaction ends, the right to decide whether the trade with this
 * order number is stored yet (a sync's pulled row and its push, which look it up and then
 * insert). SQLite's writers take turns already: nothing to do. On PostgreSQL two transactions
 * would each miss the other's uncommitted row and both insert it (D114).
 */
export async function lockOrderNo(db: Db, orderNo: string): Promise<void> {
  if (isPg(db)) await onPg.lockOrderNo(pgOf(db), orderNo);
}

/** Renames a stored trade's id; nothing when no trade has `from`. */
export async function renameTrade(db: Db, p: RenameTradeParams) {
  if (isPg(db)) {
    await onPg.renameTrade(pgOf(db), p);
    return;
  }
  while (held(db)) await ready(db);
  statements(db).rename.run(p.to, p.from);
}

/**
 * renameTrade for a list whose `from`s are distinct (a pushed trade adopting the row a sync
 * stored under its order number), then which of `tradeIds` are stored: one statement on
 * PostgreSQL (D119).
 */
export async function adoptAndFindTrades(
  db: Db,
  list: readonly RenameTradeParams[],
  tradeIds: readonly string[],
): Promise<Set<string>> {
  if (isPg(db)) return new Set(await onPg.adoptAndFindTrades(pgOf(db), list, tradeIds));
  while (held(db)) await ready(db);
  const s = statements(db);
  for (const p of list) s.rename.run(p.to, p.from);
  return new Set(tradeIds.filter((id) => s.exists.get(id) !== undefined));
}

export interface PulledTradeRef {
  id: number;
  tradeId: string | null;
  source: 'push' | 'pull';
  delivery: Delivery | null;
}

/** The first stored trade with this order number. */
export async function tradeByOrderNo(db: Db, orderNo: string): Promise<PulledTradeRef | undefined> {
  if (isPg(db)) return onPg.tradeByOrderNo(pgOf(db), orderNo);
  while (held(db)) await ready(db);
  return statements(db).byOrderNo.get(orderNo);
}

export interface SetTradeIdParams {
  id: number;
  tradeId: string;
}

export async function setTradeId(db: Db, p: SetTradeIdParams) {
  if (isPg(db)) {
    await onPg.setTradeId(pgOf(db), p);
    return;
  }
  while (held(db)) await ready(db);
  statements(db).setTradeId.run(p.tradeId, p.id);
}

export interface PulledMachineParams {
  assetId: string;
  clientId: string;
  at: number;
}

/**
 * Adds a machine named by pulled data (incomplete, not seen) unless it exists. Returns whether
 * it was new.
 */
export async function insertPulledMachine(db: Db, p: PulledMachineParams): Promise<boolean> {
  if (isPg(db)) return onPg.insertPulledMachine(pgOf(db), p);
  while (held(db)) await ready(db);
  return statements(db).ensureMachine.run(p.assetId, p.clientId, p.at, p.at).changes === 1;
}
