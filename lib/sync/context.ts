import 'server-only';
import type { Db } from '@/db/client';
import type { SyncError, SyncParams } from '@/db/queries/sync';
import { advanceRun, setRunTotal } from '@/db/queries/sync';
import { inTransaction } from '@/db/prepared';
import type { IngestContext } from '@/lib/ingest';
import { bufferProjections } from '@/lib/ingest/context';
import type { SmartVendingClient } from '@/lib/platforms/smartvending';

export interface Counts {
  done: number;
  imported: number;
  updated: number;
}

export interface JobContext {
  db: Db;
  runId: number;
  params: SyncParams;
  /** Where the run had got to (a previous process's last commit), or undefined. */
  position: Record<string, unknown> | undefined;
  client: SmartVendingClient;
  clientId: string;
  pageSize: number;
  signal: AbortSignal;
  now: () => number;
  /**
   * One page: its writes and the run's new position in one short transaction, so a crash
   * leaves either both or neither.
   */
  commit(
    position: Record<string, unknown>,
    work: (ctx: IngestContext) => Counts | Promise<Counts>,
    total?: number,
  ): Promise<void>;
  setTotal(total: number): Promise<void>;
  /** An error worth recording that does not stop the run (one machine unknown upstream). */
  warn(message: string, platform?: SyncError['platform']): Promise<void>;
}

export function jobContext(base: Omit<JobContext, 'commit' | 'setTotal'>): JobContext {
  const { db, runId, now, clientId } = base;
  return {
    ...base,
    async commit(position, work, total) {
      if (base.signal.aborted) throw base.signal.reason;
      await inTransaction(db, async () => {
        // The page's rollup changes and machines' last-seen times are written once, at its end,
        // in key order, as a push batch's are (D20, D114): a sync and the pushes over the same
        // trades then take those rows' locks in the same order.
        const counts = await bufferProjections(
          db,
          async () => await work({ db, clientId, inboxId: 0, receivedAt: now() }),
        );
        await advanceRun(db, runId, { position, total, ...counts });
      });
    },
    setTotal: async (total) => await setRunTotal(db, runId, total),
  };
}

export const ZERO: Counts = { done: 0, imported: 0, updated: 0 };
