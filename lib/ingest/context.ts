import type { Db } from '@/db/client';

/** What every projection knows about the message it projects. It runs inside a transaction. */
export interface IngestContext {
  db: Db;
  clientId: string;
  inboxId: number;
  /** When we received the message, epoch seconds: the time of state it carries without one. */
  receivedAt: number;
}
