import 'server-only';
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type * as S from '@/db/queries/pickup';
import type { PickupCheckOutcome } from '@/db/schema';
import type { PgDbOrTx } from '../client';
import { machines, pickupCheckFailures, pickupCodes } from '../schema';

type R<F extends (...a: never[]) => unknown> = Promise<Awaited<ReturnType<F>>>;

/** A taken code spends an id, as SQLite's AUTOINCREMENT does: ids stay the same on both. */
export async function insertPickupCode(
  db: PgDbOrTx,
  row: S.PickupCodeInsert,
): Promise<S.PickupCodeRow | undefined> {
  const [added] = await db.insert(pickupCodes).values(row).onConflictDoNothing().returning();
  return added;
}

export async function getPickupCode(
  db: PgDbOrTx,
  code: string,
): Promise<S.PickupCodeRow | undefined> {
  const [row] = await db.select().from(pickupCodes).where(eq(pickupCodes.code, code));
  return row;
}

export async function machineExists(db: PgDbOrTx, assetId: string): Promise<boolean> {
  const [row] = await db
    .select({ assetId: machines.assetId })
    .from(machines)
    .where(eq(machines.assetId, assetId));
  return !!row;
}

function statusFilter(status: S.PickupStatus, now: number): SQL | undefined {
  if (status === 'expired')
    return and(eq(pickupCodes.status, 'unused'), lt(pickupCodes.endTime, now));
  if (status === 'unused')
    return and(eq(pickupCodes.status, 'unused'), gte(pickupCodes.endTime, now));
  return eq(pickupCodes.status, status);
}

/** Codes newest first, cursor-paged. */
export async function listPickupCodes(
  db: PgDbOrTx,
  p: S.PickupCodeListParams,
): R<typeof S.listPickupCodes> {
  const rows = await db
    .select()
    .from(pickupCodes)
    .where(
      and(
        p.status ? statusFilter(p.status, p.now) : undefined,
        p.assetId ? eq(pickupCodes.assetId, p.assetId) : undefined,
        p.cursor !== undefined ? lt(pickupCodes.id, p.cursor) : undefined,
      ),
    )
    .orderBy(desc(pickupCodes.id))
    .limit(p.limit + 1);
  const more = rows.length > p.limit;
  const items = more ? rows.slice(0, p.limit) : rows;
  return { items, nextCursor: more ? String(items[items.length - 1]!.id) : null };
}

/**
 * Single statements, as on SQLite, race-proof under READ COMMITTED too: a second revoke or use
 * of the same code waits for the first's row lock, then re-reads the row, finds it no longer
 * unused and changes nothing.
 */
export async function revokePickupCode(
  db: PgDbOrTx,
  p: { code: string; at: number },
): Promise<S.PickupCodeRow | undefined> {
  const [row] = await db
    .update(pickupCodes)
    .set({ status: 'revoked', revokedAt: p.at })
    .where(and(eq(pickupCodes.code, p.code), eq(pickupCodes.status, 'unused')))
    .returning();
  return row;
}

export async function markPickupCodeChecked(
  db: PgDbOrTx,
  p: { id: number; at: number; assetId: string },
): Promise<void> {
  await db
    .update(pickupCodes)
    .set({ lastCheckAt: p.at, lastCheckAssetId: p.assetId })
    .where(eq(pickupCodes.id, p.id));
}

/** Marks an unused code used; false when it was not unused any more (see revokePickupCode). */
export async function consumePickupCode(
  db: PgDbOrTx,
  p: { id: number; at: number; assetId: string | null; inboxId: number },
): Promise<boolean> {
  const used = await db
    .update(pickupCodes)
    .set({ status: 'used', usedAt: p.at, usedAssetId: p.assetId, usedInboxId: p.inboxId })
    .where(and(eq(pickupCodes.id, p.id), eq(pickupCodes.status, 'unused')))
    .returning({ id: pickupCodes.id });
  return used.length === 1;
}

export async function recordCheckFailure(
  db: PgDbOrTx,
  p: {
    assetId: string;
    code: string;
    outcome: PickupCheckOutcome;
    at: number;
    inboxId: number | null;
  },
): Promise<void> {
  await db.insert(pickupCheckFailures).values(p);
}

export async function countWrongCodes(
  db: PgDbOrTx,
  p: { assetId: string; since: number },
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(pickupCheckFailures)
    .where(
      and(
        eq(pickupCheckFailures.assetId, p.assetId),
        eq(pickupCheckFailures.outcome, 'wrong_code'),
        gte(pickupCheckFailures.at, p.since),
      ),
    );
  return row?.n ?? 0;
}

/** Machines throttled since `since`, most recent first (ties by machine, as SQLite's group). */
export function listThrottledMachines(
  db: PgDbOrTx,
  p: { since: number; limit: number },
): R<typeof S.listThrottledMachines> {
  const f = pickupCheckFailures;
  const throttled = sql`${f.outcome} = 'throttled'`;
  const lastThrottledAt = sql<number>`max(${f.at}) FILTER (WHERE ${throttled})`;
  const throttledChecks = sql<number>`(count(*) FILTER (WHERE ${throttled}))::int`;
  return db
    .select({
      assetId: f.assetId,
      throttledChecks,
      wrongCodes: sql<number>`(count(*) FILTER (WHERE ${f.outcome} = 'wrong_code'))::int`,
      firstThrottledAt: sql<number>`min(${f.at}) FILTER (WHERE ${throttled})`,
      lastThrottledAt,
    })
    .from(f)
    .where(gte(f.at, p.since))
    .groupBy(f.assetId)
    .having(sql`${throttledChecks} > 0`)
    .orderBy(desc(lastThrottledAt), f.assetId)
    .limit(p.limit);
}
