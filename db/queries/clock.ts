import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { prepared } from '../prepared';
import { machineClocks } from '../schema';

/**
 * Machines this connection may have flagged (those flagged at its first use, and each it flags
 * since), so that the right time every trade states costs no statement: only a machine in here
 * can need its flag cleared. Never shrunk (a cleared flag rolled back with its savepoint must
 * still be clearable); at most the fleet. A flag another process sets is seen at restart.
 */
const maybeFlagged = new WeakMap<object, Set<string>>();
function flaggedOf(db: Db): Set<string> {
  let set = maybeFlagged.get(db.$client);
  if (!set) {
    const ids = db.select({ id: machineClocks.assetId }).from(machineClocks).all();
    set = new Set(ids.map((r) => r.id));
    maybeFlagged.set(db.$client, set);
  }
  return set;
}

/** The machine's clock was seen `aheadBy` seconds ahead at `at` (D71). */
export function markClockAhead(db: Db, p: { assetId: string; aheadBy: number; at: number }) {
  flaggedOf(db).add(p.assetId);
  prepared(db).clockAhead.run(p);
}

/** The machine stated a time that was right: it is no longer flagged. */
export function markClockRight(db: Db, p: { assetId: string }) {
  if (flaggedOf(db).has(p.assetId)) prepared(db).clockRight.run(p);
}

export type MachineClock = typeof machineClocks.$inferSelect;

/** The machine's clock flag, when it was last seen ahead. */
export function machineClock(db: DbOrTx, p: { assetId: string }): MachineClock | undefined {
  return db.select().from(machineClocks).where(eq(machineClocks.assetId, p.assetId)).get();
}
