import 'server-only';
import { held, ready } from '../transaction';
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { prepared } from '../prepared';
import { machineClocks } from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/clock';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

/**
 * Machines this connection may have flagged (those flagged at its first use, and each it flags
 * since), so that the right time every trade states costs no statement: only a machine in here
 * can need its flag cleared. Never shrunk (a cleared flag rolled back with its savepoint must
 * still be clearable); at most the fleet. Another app process on the database flags machines
 * too (D101): the flagged machines are read again (one small table) at most every REREAD_MS,
 * inside the transaction that asks, so a flag another process set is cleared here by the first
 * right time received a quarter of a second after it, not at this process's restart.
 */
const REREAD_MS = 250;
const maybeFlagged = new WeakMap<object, { ids: Set<string>; readMs: number }>();
function flaggedOf(db: Db): Set<string> {
  let kept = maybeFlagged.get(db.$client);
  const nowMs = Date.now();
  if (!kept || nowMs - kept.readMs >= REREAD_MS) {
    const ids = kept?.ids ?? new Set<string>();
    for (const r of db.select({ id: machineClocks.assetId }).from(machineClocks).all())
      ids.add(r.id);
    kept = { ids, readMs: nowMs };
    maybeFlagged.set(db.$client, kept);
  }
  return kept.ids;
}

/** The machine's clock was seen `aheadBy` seconds ahead at `at` (D71). */
export async function markClockAhead(db: Db, p: { assetId: string; aheadBy: number; at: number }) {
  if (isPg(db)) {
    await onPg.markClockAhead(pgOf(db), p);
    return;
  }
  while (held(db)) await ready(db);
  flaggedOf(db).add(p.assetId);
  prepared(db).clockAhead.run(p);
}

/** The machine stated a time that was right: it is no longer flagged. */
export async function markClockRight(db: Db, p: { assetId: string }) {
  if (isPg(db)) {
    await onPg.markClockRight(pgOf(db), p);
    return;
  }
  while (held(db)) await ready(db);
  if (flaggedOf(db).has(p.assetId)) prepared(db).clockRight.run(p);
}

export type MachineClock = typeof machineClocks.$inferSelect;

/** The machine's clock flag, when it was last seen ahead. */
export async function machineClock(
  db: DbOrTx,
  p: { assetId: string },
): Promise<MachineClock | undefined> {
  if (isPg(db)) return onPg.machineClock(pgOf(db), p);
  while (held(db)) await ready(db);
  return db.select().from(machineClocks).where(eq(machineClocks.assetId, p.assetId)).get();
}
