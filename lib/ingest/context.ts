import type { DbOrTx } from '@/db/client';

/** What every projection knows about the message it projects. */
export interface IngestContext {
  tx: DbOrTx;
  clientId: string;
  inboxId: number;
  /** When we received the message, epoch seconds: the time of state it carries without one. */
  receivedAt: number;
}
