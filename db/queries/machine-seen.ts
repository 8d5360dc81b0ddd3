import 'server-only';
import { held, ready } from '../transaction';
import type { Db } from '../client';
import { machineSeen } from '../machine-seen';
import { isPg, pgOf } from '../engine/handle';
import { machineSeen as pgMachineSeen } from '../engine/postgres/queries/machine-seen';

/**
 * "We heard from this machine at t" as lib/ reaches it, on either engine (D110): db/machine-seen.ts
 * on SQLite, db/engine/postgres/queries/machine-seen.ts on PostgreSQL (on the ambient
 * transaction's connection, pgOf).
 */

/**
 * Makes sure the machine exists (a placeholder when new) and moves its last-seen time forward;
 * inside `bufferMachinesSeen`, only the first touch of a machine writes, the latest time is
 * written when the outermost scope ends.
 */
export async function touchMachineSeen(
  db: Db,
  assetId: string,
  clientId: string,
  at: number,
): Promise<void> {
  if (isPg(db)) return pgMachineSeen(pgOf(db)).touch(assetId, clientId, at);
  while (held(db)) await ready(db);
  machineSeen(db).touch(assetId, clientId, at);
}

/** touchMachineSeen for a batch: on PostgreSQL the new machines' upserts in one statement. */
export async function touchMachinesSeen(
  db: Db,
  list: readonly { assetId: string; clientId: string; at: number }[],
): Promise<void> {
  if (isPg(db)) return pgMachineSeen(pgOf(db)).touchMany(list);
  while (held(db)) await ready(db);
  const seen = machineSeen(db);
  for (const r of list) seen.touch(r.assetId, r.clientId, r.at);
}

/**
 * Runs `fn` with the machines' last-seen times kept in memory, written once when the outermost
 * scope ends. Call it inside the transaction they belong to; a nested scope's times join the
 * enclosing one when it returns and are dropped when it throws.
 */
export async function bufferMachinesSeen<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  if (isPg(db)) return pgMachineSeen(pgOf(db)).buffered(fn);
  while (held(db)) await ready(db);
  return machineSeen(db).buffered(fn);
}
