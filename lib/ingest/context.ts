import 'server-only';
import type { Db } from '@/db/client';
import { bufferMachinesSeen, touchMachineSeen } from '@/db/queries/machine-seen';
import { noteMachineSeen } from '@/lib/alerts/changed';
import { bufferRollups } from './rollup';

/** What every projection knows about the message it projects. It runs inside a transaction. */
export interface IngestContext {
  db: Db;
  clientId: string;
  inboxId: number;
  /** When we received the message, epoch seconds: the time of state it carries without one. */
  receivedAt: number;
}

/**
 * Makes sure the machine a message is about exists (a placeholder flagged incomplete when this is
 * the first we hear of it, so nothing is dropped) and records that it was seen.
 */
export async function touchMachine(ctx: IngestContext, assetId: string) {
  await touchMachineSeen(ctx.db, assetId, ctx.clientId, ctx.receivedAt);
  // For the alert evaluator's next tick, outside any transaction's work (D85); a message that
  // changes what alerts watch says so itself (projectStatus, device, refill).
  noteMachineSeen(assetId);
}

/**
 * Runs `fn`, projections inside the caller's transaction, with the writes that many messages
 * repeat kept in memory and written once at its end: the sales rollups' sums (D20) and the
 * machines' last-seen times (db/machine-seen.ts). A nested call is a scope of its own, for a
 * savepoint: what it kept joins the enclosing scope when it returns and is dropped when it
 * throws.
 */
export function bufferProjections<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  return bufferRollups(db, () => bufferMachinesSeen(db, fn));
}
