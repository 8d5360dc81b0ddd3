import { parentPort, Worker, workerData } from 'node:worker_threads';
import { generateHistory, type HistoryBatch, type HistoryOptions } from './history';
import { packer, unpacker, type PackedBatch } from './history-pack';

/**
 * Generating a bulk load's history needs nothing from the database, so it runs on a second
 * thread while the first writes (docs/decisions.md D14). The generator stays at most `ahead`
 * days ahead of the writer (default 2): a day of a 5,000-machine fleet is a few MB packed and
 * tens of MB unpacked.
 */
const AHEAD = 2;

/** Worker side: posts the packed batches of `generateHistory(options)` as the writer asks. */
function serve(port: NonNullable<typeof parentPort>, options: HistoryOptions, ahead: number) {
  const batches = generateHistory(options);
  const pack = packer();
  let credit = ahead;
  const pump = () => {
    for (; credit > 0; credit--) {
      const next = batches.next();
      if (next.done) {
        port.postMessage(null);
        port.close(); // nothing more to send: the thread ends
        return;
      }
      const packed = pack(next.value);
      port.postMessage(packed, [packed.numbers.buffer]);
    }
  };
  port.on('message', (n: number) => {
    credit += n;
    pump();
  });
  pump();
}

if (parentPort && workerData?.historyWorker)
  serve(parentPort, workerData.options, workerData.ahead ?? AHEAD);

/** A generated day, unpacked on demand: `unpack` must be called once per batch, in order. */
export interface LazyBatch {
  day: number;
  unpack: () => HistoryBatch;
}

/**
 * Writer side: the batches of `generateHistory(options)`, generated on a worker thread and
 * still packed (a few MB a day rather than tens), so a writer can gather several days before
 * it unpacks them one by one. A failure or early exit of the worker is thrown here rather
 * than waited on.
 */
export async function* lazyHistoryInWorker(
  options: HistoryOptions,
  ahead = AHEAD,
): AsyncGenerator<LazyBatch> {
  const worker = new Worker(new URL('./history-worker-entry.mjs', import.meta.url), {
    workerData: { historyWorker: true, options, ahead },
  });
  const unpack = unpacker();
  const queue: PackedBatch[] = [];
  let finished = false;
  let failure: Error | undefined;
  let wake = () => {};
  worker.on('message', (batch: PackedBatch | null) => {
    if (batch) queue.push(batch);
    else finished = true;
    wake();
  });
  worker.on('error', (error) => {
    failure = error;
    wake();
  });
  worker.on('exit', (code) => {
    if (!finished) failure ??= new Error(`the history worker exited (code ${code}) before the end`);
    wake();
  });
  try {
    for (;;) {
      const packed = queue.shift();
      if (packed) {
        worker.postMessage(1); // the next day is generated while this one is written
        yield { day: packed.day, unpack: () => unpack(packed) };
      } else if (failure) throw failure;
      else if (finished) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    await worker.terminate();
  }
}

/** The batches of `generateHistory(options)`, generated on a worker thread. */
export async function* historyInWorker(
  options: HistoryOptions,
  ahead = AHEAD,
): AsyncGenerator<HistoryBatch> {
  for await (const batch of lazyHistoryInWorker(options, ahead)) yield batch.unpack();
}
