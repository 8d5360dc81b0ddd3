import 'server-only';
import { held, ready } from '../transaction';
import type { Db } from '../client';
import { rollupsOf, type Contribution, type RollupGoods } from '../rollups';
import { isPg, pgOf } from '../engine/handle';
import { rollupsOf as pgRollupsOf } from '../engine/postgres/queries/rollups';

/**
 * The sales rollups' write-behind buffers (D20) as lib/ reaches them, on either engine (D110).
 * SQLite: db/rollups.ts's per-connection buffers, synchronous behind one await. PostgreSQL:
 * db/engine/postgres/queries/rollups.ts's, on the ambient transaction's connection (pgOf), so
 * a savepoint's scope shares its transaction's buffer and two units of work on the pool keep
 * theirs apart.
 */

/**
 * Runs `fn` with the rollup changes it makes summed in memory and written once per rollup row
 * when the outermost scope ends. Call it inside the transaction the changes belong to. A nested
 * call is a scope of its own: its sums join the enclosing scope when it returns and are dropped
 * when it throws (a savepoint rolled back).
 */
export async function bufferRollups<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  if (isPg(db)) return pgRollupsOf(pgOf(db)).buffered(fn);
  while (held(db)) await ready(db);
  return rollupsOf(db).buffered(fn);
}

/**
 * One trade's change to the rollups: `taken` (its stored state's contribution, negated) and
 * `added` (its new one's), either null when it counts for nothing, and its goods' names.
 * Summed into the open buffer; outside one, written at once. Throws RollupOverflowError when a
 * row would stop being a safe integer (D62).
 */
export async function addTradeRollups(
  db: Db,
  taken: Contribution | null,
  added: Contribution | null,
  goods: RollupGoods | null,
): Promise<void> {
  if (isPg(db)) {
    const s = pgRollupsOf(pgOf(db));
    if (!s.buffering) return s.buffered(() => addTradeRollups(db, taken, added, goods));
    if (taken) await s.addContribution(taken);
    if (added) await s.addContribution(added);
    if (goods) await s.goods(goods);
    return;
  }
  while (held(db)) await ready(db);
  const s = rollupsOf(db);
  // Outside a buffer, one of its own for this trade: written at its end.
  if (!s.buffering) return s.buffered(() => addSqlite(s, taken, added, goods));
  addSqlite(s, taken, added, goods);
}

function addSqlite(
  s: ReturnType<typeof rollupsOf>,
  taken: Contribution | null,
  added: Contribution | null,
  goods: RollupGoods | null,
) {
  if (taken) s.addContribution(taken);
  if (added) s.addContribution(added);
  if (goods) s.goods(goods);
}
