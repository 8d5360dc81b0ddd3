import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { prepared } from '../prepared';
import { machineClocks } from '../schema';

/** The machine's clock was seen `aheadBy` seconds ahead at `at` (D71). */
export function markClockAhead(db: Db, p: { assetId: string; aheadBy: number; at: number }) {
  prepared(db).clockAhead.run(p);
}

/** The machine stated a time that was right: it is no longer flagged. */
export function markClockRight(db: Db, p: { assetId: string }) {
  prepared(db).clockRight.run(p);
}

export type MachineClock = typeof machineClocks.$inferSelect;

/** The machine's clock flag, when it was last seen ahead. */
export function machineClock(db: DbOrTx, p: { assetId: string }): MachineClock | undefined {
  return db.select().from(machineClocks).where(eq(machineClocks.assetId, p.assetId)).get();
}
