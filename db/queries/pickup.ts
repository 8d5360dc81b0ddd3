import 'server-only';
import { held, ready } from '../transaction';
import { and, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import {
  machines,
  pickupCheckFailures,
  pickupCodes,
  type PickupCheckOutcome,
  type PickupCodeState,
} from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/pickup';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

/** What a user sees: the stored state, with `unused` past its end time shown as `expired`. */
export type PickupStatus = PickupCodeState | 'expired';

export type PickupCodeRow = typeof pickupCodes.$inferSelect;
export type PickupCodeInsert = typeof pickupCodes.$inferInsert;

/** Inserts a code; undefined when the code already exists (the caller draws another). */
export async function insertPickupCode(
  db: DbOrTx,
  row: PickupCodeInsert,
): Promise<PickupCodeRow | undefined> {
  if (isPg(db)) return onPg.insertPickupCode(pgOf(db), row);
  while (held(db)) await ready(db);
  return db.insert(pickupCodes).values(row).onConflictDoNothing().returning().get();
}

export async function getPickupCode(db: DbOrTx, code: string): Promise<PickupCodeRow | undefined> {
  if (isPg(db)) return onPg.getPickupCode(pgOf(db), code);
  while (held(db)) await ready(db);
  return db.select().from(pickupCodes).where(eq(pickupCodes.code, code)).get();
}

export async function machineExists(db: DbOrTx, assetId: string): Promise<boolean> {
  if (isPg(db)) return onPg.machineExists(pgOf(db), assetId);
  while (held(db)) await ready(db);
  return !!db
    .select({ assetId: machines.assetId })
    .from(machines)
    .where(eq(machines.assetId, assetId))
    .get();
}

export interface PickupCodeListParams {
  status?: PickupStatus;
  assetId?: string;
  /** Decides which unused codes are expired. */
  now: number;
  limit: number;
  /** Opaque: the last row id of the previous page (newest first). */
  cursor?: number;
}

function statusFilter(status: PickupStatus, now: number): SQL | undefined {
  if (status === 'expired')
    return and(eq(pickupCodes.status, 'unused'), lt(pickupCodes.endTime, now));
  if (status === 'unused')
    return and(eq(pickupCodes.status, 'unused'), gte(pickupCodes.endTime, now));
  return eq(pickupCodes.status, status);
}

/** Codes newest first, cursor-paged. */
export async function listPickupCodes(db: DbOrTx, p: PickupCodeListParams) {
  if (isPg(db)) return onPg.listPickupCodes(pgOf(db), p);
  while (held(db)) await ready(db);
  const rows = db
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
    .limit(p.limit + 1)
    .all();
  const more = rows.length > p.limit;
  const items = more ? rows.slice(0, p.limit) : rows;
  return { items, nextCursor: more ? String(items[items.length - 1]!.id) : null };
}

/** Revokes an unused code; undefined when it is not unused (used, revoked or absent). */
export async function revokePickupCode(
  db: DbOrTx,
  p: { code: string; at: number },
): Promise<PickupCodeRow | undefined> {
  if (isPg(db)) return onPg.revokePickupCode(pgOf(db), p);
  while (held(db)) await ready(db);
  return db
    .update(pickupCodes)
    .set({ status: 'revoked', revokedAt: p.at })
    .where(and(eq(pickupCodes.code, p.code), eq(pickupCodes.status, 'unused')))
    .returning()
    .get();
}

/** A check found the code usable at this machine. */
export async function markPickupCodeChecked(
  db: DbOrTx,
  p: { id: number; at: number; assetId: string },
): Promise<void> {
  if (isPg(db)) {
    await onPg.markPickupCodeChecked(pgOf(db), p);
    return;
  }
  while (held(db)) await ready(db);
  db.update(pickupCodes)
    .set({ lastCheckAt: p.at, lastCheckAssetId: p.assetId })
    .where(eq(pickupCodes.id, p.id))
    .run();
}

/** Marks an unused code used; false when it was not unused any more (someone else used it). */
export async function consumePickupCode(
  db: DbOrTx,
  p: { id: number; at: number; assetId: string | null; inboxId: number },
): Promise<boolean> {
  if (isPg(db)) return onPg.consumePickupCode(pgOf(db), p);
  while (held(db)) await ready(db);
  const r = db
    .update(pickupCodes)
    .set({ status: 'used', usedAt: p.at, usedAssetId: p.assetId, usedInboxId: p.inboxId })
    .where(and(eq(pickupCodes.id, p.id), eq(pickupCodes.status, 'unused')))
    .run();
  return r.changes === 1;
}

export async function recordCheckFailure(
  db: DbOrTx,
  p: {
    assetId: string;
    code: string;
    outcome: PickupCheckOutcome;
    at: number;
    inboxId: number | null;
  },
): Promise<void> {
  if (isPg(db)) {
    await onPg.recordCheckFailure(pgOf(db), p);
    return;
  }
  while (held(db)) await ready(db);
  db.insert(pickupCheckFailures).values(p).run();
}

/** Wrong codes a machine entered since `since` (inclusive). */
export async function countWrongCodes(
  db: DbOrTx,
  p: { assetId: string; since: number },
): Promise<number> {
  if (isPg(db)) return onPg.countWrongCodes(pgOf(db), p);
  while (held(db)) await ready(db);
  const row = db
    .select({ n: count() })
    .from(pickupCheckFailures)
    .where(
      and(
        eq(pickupCheckFailures.assetId, p.assetId),
        eq(pickupCheckFailures.outcome, 'wrong_code'),
        gte(pickupCheckFailures.at, p.since),
      ),
    )
    .get();
  return row?.n ?? 0;
}

/**
 * Machines whose checks were throttled since `since`, most recent first: how many checks were
 * refused, how many wrong codes were entered over the same span, and when they were throttled.
 */
export async function listThrottledMachines(db: DbOrTx, p: { since: number; limit: number }) {
  if (isPg(db)) return onPg.listThrottledMachines(pgOf(db), p);
  while (held(db)) await ready(db);
  const f = pickupCheckFailures;
  const throttled = sql`${f.outcome} = 'throttled'`;
  const lastThrottledAt = sql<number>`max(case when ${throttled} then ${f.at} end)`;
  const throttledChecks = sql<number>`sum(case when ${throttled} then 1 else 0 end)`;
  return db
    .select({
      assetId: f.assetId,
      throttledChecks,
      wrongCodes: sql<number>`sum(case when ${f.outcome} = 'wrong_code' then 1 else 0 end)`,
      firstThrottledAt: sql<number>`min(case when ${throttled} then ${f.at} end)`,
      lastThrottledAt,
    })
    .from(f)
    .where(gte(f.at, p.since))
    .groupBy(f.assetId)
    .having(sql`${throttledChecks} > 0`)
    .orderBy(desc(lastThrottledAt))
    .limit(p.limit)
    .all();
}
