import type { Db } from '@/db/client';
import { prepared } from '@/db/prepared';

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
export function touchMachine(ctx: IngestContext, assetId: string) {
  prepared(ctx.db).touchMachine.run({ assetId, clientId: ctx.clientId, at: ctx.receivedAt });
}
