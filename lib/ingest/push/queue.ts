import 'server-only';
import { getDb, onPostgres } from '@/lib/db';
import type { PushKind } from '@/db/schema';
import { inTransaction, runsAgain } from '@/db/prepared';
import { bufferProjections } from '@/lib/ingest/context';
import type { RawBody } from './body';
import {
  keepVerified,
  unavailable,
  verifyNotification,
  type NotifyResult,
  type VerifiedPush,
} from './receive';
import { keepTradesTogether, TogetherFailed, type Together } from './together';
import { log } from '@/lib/ops/log';
import { observeBatch } from '@/lib/ops/metrics';

interface Pending {
  kind: PushKind;
  body: RawBody;
  resolve: (result: NotifyResult) => void;
}

const MAX_BATCH = 256;

/** How a batch's messages are kept: its trades together (one of two ways), or one by one. */
type BatchWay = Together | 'one by one';
let queue: Pending[] = [];
let scheduled = false;
let committing = false;

/**
 * Group commit for the push receivers: the messages that arrive while a batch commits (or within
 * one turn of the event loop) are received in one transaction (each in its own savepoint), and
 * every sender is answered only after that transaction commits. A commit costs several times
 * the inserts it makes durable; sharing it between concurrent pushes is most of the receivers'
 * throughput (docs/decisions.md). A message that throws is answered 503 alone; a failed commit,
 * all 503. One batch at a time: the next is taken when this one has committed (D103).
 */
export function submitNotification(kind: PushKind, body: RawBody): Promise<NotifyResult> {
  return new Promise((resolve) => {
    queue.push({ kind, body, resolve });
    schedule();
  });
}

function schedule() {
  if (scheduled || committing || queue.length === 0) return;
  scheduled = true;
  setImmediate(() => void flush());
}

async function flush() {
  scheduled = false;
  committing = true;
  const batch = queue.length > MAX_BATCH ? queue.splice(0, MAX_BATCH) : queue;
  if (batch === queue) queue = [];
  try {
    await commit(batch);
  } finally {
    committing = false;
    schedule();
  }
}

async function commit(batch: Pending[]) {
  observeBatch(batch.length);
  const receivedAt = Math.floor(Date.now() / 1000);
  let results: NotifyResult[];
  try {
    // PostgreSQL's round trips are most of a batch's time there: its trades are first taken
    // at once, on the bet that all are new (D128). SQLite has no round trips to save.
    let how: BatchWay = onPostgres() ? 'at-once' : 'careful';
    for (;;) {
      try {
        results = await keepBatch(batch, receivedAt, how);
        break;
      } catch (e) {
        if (!(e instanceof TogetherFailed)) throw e;
        // Rolled back whole: the batch again, carefully (a lost bet), else every message one
        // by one (D119).
        how = e.how === 'at-once' ? 'careful' : 'one by one';
        if (how === 'one by one')
          log().warn({ error: e.message, size: e.size }, 'trades kept together failed; one by one');
      }
    }
  } catch (e) {
    log().error({ err: e, size: batch.length }, 'push batch failed to commit; answered 503');
    results = batch.map(() => unavailable());
  }
  batch.forEach((item, i) => item.resolve(results[i]!));
}

/**
 * The batch in one transaction; its trades together where they can be, `how` says how (D119,
 * D128), unless every message is to go one by one.
 */
async function keepBatch(batch: Pending[], receivedAt: number, how: BatchWay) {
  const db = getDb();
  // The batch's trades change the sales rollups once per rollup row, at its end (D20): a
  // fleet's hour, day and month rows are shared by most of them.
  return inTransaction(db, () =>
    bufferProjections(db, async () => {
      const out: NotifyResult[] = new Array<NotifyResult>(batch.length);
      // Each message checked first (a refusal is kept and answered here); the verified ones
      // are then kept, the trades among them together where they can be (D119).
      const verified = new Array<VerifiedPush | null>(batch.length).fill(null);
      for (const [i, item] of batch.entries()) {
        try {
          const v = await verifyNotification(db, item.kind, item.body, receivedAt);
          if ('status' in v) out[i] = v;
          else verified[i] = v;
        } catch (e) {
          if (runsAgain(e)) throw e;
          log().error({ err: e, kind: item.kind }, 'push failed; answered 503');
          out[i] = unavailable();
        }
      }
      const rest =
        how !== 'one by one'
          ? await keepTradesTogether(db, verified, receivedAt, out, how)
          : verified.flatMap((v, i) => (v ? [i] : []));
      for (const i of rest) {
        try {
          // keepVerified keeps its own writes in a savepoint of this transaction, and its
          // rollup changes in a scope of the buffer that a failure drops.
          out[i] = await bufferProjections(db, () => keepVerified(db, verified[i]!));
        } catch (e) {
          // A deadlock's victim: the whole batch runs again (D114).
          if (runsAgain(e)) throw e;
          log().error({ err: e, kind: batch[i]!.kind }, 'push failed; answered 503');
          out[i] = unavailable();
        }
      }
      return out;
    }),
  );
}
