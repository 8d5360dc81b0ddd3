import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { machineClocks } from '@/db/engine/postgres/schema';
import type { MachineClock } from '@/db/queries/clock';

/**
 * Machines this process may have flagged, so that the right time every trade states costs no
 * statement: only a machine in here can need its flag cleared. SQLite keeps one set per
 * connection; a pool's connections all see one database, so this is one set per process (an app
 * process opens one database). Never shrunk (a cleared flag rolled back with its transaction
 * must still be clearable); at most the fleet. Other processes flag machines too (D101): the
 * flagged machines are read again at most every REREAD_MS, inside the transaction that asks.
 * Concurrent callers may both read again; the set only grows, so that is harmless.
 */
const REREAD_MS = 250;
let kept: { ids: Set<string>; readMs: number } | undefined;

async function flagged(db: PgDbOrTx): Promise<Set<string>> {
  const nowMs = Date.now();
  if (!kept || nowMs - kept.readMs >= REREAD_MS) {
    const ids = kept?.ids ?? new Set<string>();
    kept = { ids, readMs: nowMs };
    for (const r of await db.select({ id: machineClocks.assetId }).from(machineClocks))
      ids.add(r.id);
  }
  return kept.ids;
}

/** The machine's clock was seen `aheadBy` seconds ahead at `at` (D71). */
export async function markClockAhead(
  db: PgDbOrTx,
  p: { assetId: string; aheadBy: number; at: number },
): Promise<void> {
  (await flagged(db)).add(p.assetId);
  await db
    .insert(machineClocks)
    .values({ assetId: p.assetId, aheadBy: p.aheadBy, since: p.at, seenAt: p.at })
    .onConflictDoUpdate({
      target: machineClocks.assetId,
      set: { aheadBy: sql`excluded.ahead_by`, seenAt: sql`excluded.seen_at` },
    });
}

/** The machine stated a time that was right: it is no longer flagged. */
export async function markClockRight(db: PgDbOrTx, p: { assetId: string }): Promise<void> {
  if ((await flagged(db)).has(p.assetId))
    await db.delete(machineClocks).where(eq(machineClocks.assetId, p.assetId));
}

/** The machine's clock flag, when it was last seen ahead. */
export async function machineClock(
  db: PgDbOrTx,
  p: { assetId: string },
): Promise<MachineClock | undefined> {
  const [row] = await db.select().from(machineClocks).where(eq(machineClocks.assetId, p.assetId));
  return row;
}
