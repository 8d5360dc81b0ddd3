import 'server-only';
import { Worker } from 'node:worker_threads';
import { LRUCache } from 'lru-cache';
import type { Lane } from './registry';
import { Answer } from './answer';
import type { FromReader, ToReader } from './protocol';
import { log } from '@/lib/ops/log';

export { Answer };

/**
 * The reader threads (docs/decisions.md D60). better-sqlite3 is synchronous: a read on the main
 * thread holds up every push until it ends. Here each long read runs on a worker thread with a
 * read-only connection of its own; the main thread only waits for its text.
 *
 * - Lanes: the pages everyone polls (`interactive`) and the heavy reports (`report`) have
 *   threads of their own, so a year's report never queues in front of the overview.
 * - A time limit per read: past it the thread running it is terminated (the work stops, not
 *   only its answer) and replaced, and every waiter is told READ_TIMEOUT. A read whose waiters
 *   have all gone (their clients disconnected) is stopped the same way.
 * - Single flight: concurrent requests for the same read and parameters share one run.
 * - A short cache, invalidated by any write: an answer is kept with the database's version
 *   (`version()`: it changes with every commit, ours or another process's) and served while the
 *   version is the same and it is younger than `cacheMs`. A request that finds the running
 *   flight already older than the data waits for the next one, which starts when the running
 *   one ends: however many ask, each read runs at most back to back.
 */
export interface PoolOptions {
  file: string;
  lanes: Record<Lane, { workers: number; nice: number }>;
  timeoutMs: number;
  cacheMs: number;
  /** Distinct reads waiting for a thread, per lane, before new ones are refused (BUSY). */
  maxQueued: number;
  /** A reader thread's JavaScript heap limit: a read that needs more fails alone. */
  heapMb: number;
  version: () => string;
}

/** A refusal the caller turns into the API's error envelope. */
export class ReadFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Waiter {
  resolve: (a: Answer) => void;
  reject: (e: Error) => void;
}

interface Flight {
  key: string;
  name: string;
  params: unknown;
  lane: LaneRunner;
  state: 'deferred' | 'queued' | 'running' | 'done';
  /** The database's version when the read was handed to a thread. */
  version?: string;
  waiters: Set<Waiter>;
  timer: NodeJS.Timeout;
  slot?: Slot;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  flight?: Flight;
  id: number;
}

const BOOT = new URL('./worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./worker.ts', import.meta.url).href;

class LaneRunner {
  readonly slots = new Set<Slot>();
  readonly queue: Flight[] = [];
  private nextId = 1;
  /** Reads handed to a thread since start. */
  dispatched = 0;
  closing = false;

  constructor(
    readonly name: Lane,
    private readonly size: number,
    private readonly nice: number,
    private readonly o: PoolOptions,
    private readonly settle: (f: Flight, outcome: Answer | Error) => void,
  ) {
    for (let i = 0; i < size; i++) this.spawn();
  }

  private spawn() {
    const worker = new Worker(BOOT, {
      workerData: { entry: ENTRY, file: this.o.file, nice: this.nice },
      resourceLimits: { maxOldGenerationSizeMb: this.o.heapMb },
    });
    const slot: Slot = { worker, ready: false, id: 0 };
    this.slots.add(slot);
    worker.on('message', (m: FromReader) => {
      if (m.type === 'ready') {
        slot.ready = true;
        return this.pump();
      }
      const flight = slot.flight;
      if (!flight || m.id !== slot.id) return;
      slot.flight = undefined;
      this.settle(
        flight,
        m.type === 'done' ? new Answer(m.text, m.json) : new ReadFailure(m.code, m.message),
      );
      this.pump();
    });
    worker.on('error', (e: Error & { code?: string }) => {
      const flight = slot.flight;
      slot.flight = undefined;
      if (flight) {
        const outOfMemory = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
        if (!outOfMemory) log().error({ err: e, lane: this.name }, 'reader thread failed');
        this.settle(
          flight,
          outOfMemory
            ? new ReadFailure(
                'READ_TOO_LARGE',
                `this read needed more than ${this.o.heapMb} MB and was stopped: ask for less (a shorter range, fewer machines)`,
              )
            : new ReadFailure('INTERNAL', 'internal error'),
        );
      } else log().error({ err: e, lane: this.name }, 'reader thread failed');
    });
    worker.on('exit', () => {
      const lost = this.slots.delete(slot);
      if (lost && !this.closing) setTimeout(() => this.spawnIfShort(), 100).unref();
    });
  }

  private spawnIfShort() {
    if (!this.closing && this.slots.size < this.size) this.spawn();
  }

  /** Stops the thread running a read (the read is abandoned) and starts another in its place. */
  kill(slot: Slot) {
    slot.flight = undefined;
    this.slots.delete(slot);
    void slot.worker.terminate();
    if (!this.closing) this.spawn();
  }

  enqueue(flight: Flight) {
    flight.state = 'queued';
    this.queue.push(flight);
    this.pump();
  }

  dequeue(flight: Flight) {
    const i = this.queue.indexOf(flight);
    if (i >= 0) this.queue.splice(i, 1);
  }

  private pump() {
    for (const slot of this.slots) {
      if (!slot.ready || slot.flight) continue;
      const flight = this.queue.shift();
      if (!flight) return;
      flight.state = 'running';
      this.dispatched++;
      flight.version = this.o.version();
      flight.slot = slot;
      slot.flight = flight;
      slot.id = this.nextId++;
      const message: ToReader = { id: slot.id, name: flight.name, params: flight.params };
      slot.worker.postMessage(message);
    }
  }

  close() {
    this.closing = true;
    return Promise.all([...this.slots].map((s) => s.worker.terminate()));
  }
}

/** A stable text for a read's parameters: the same values give the same key in any order. */
function stableKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Answers a flight's waiters a batch per turn of the event loop: two hundred dashboards waiting
 * for one overview would otherwise all be written in one go, and a push arriving meanwhile
 * would wait for every one of them.
 */
const BATCH = 16;
function deliver(waiters: Waiter[], outcome: Answer | Error, from = 0) {
  const end = Math.min(waiters.length, from + BATCH);
  for (let i = from; i < end; i++) {
    if (outcome instanceof Answer) waiters[i]!.resolve(outcome);
    else waiters[i]!.reject(outcome);
  }
  if (end < waiters.length) setImmediate(() => deliver(waiters, outcome, end));
}

interface Entry {
  version: string;
  at: number;
  answer: Answer;
}

export class ReadPool {
  private readonly lanes: Record<Lane, LaneRunner>;
  private readonly flights = new Map<string, { current?: Flight; next?: Flight }>();
  private readonly cache = new LRUCache<string, Entry>({
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (e) => Math.max(1, e.answer.text.length),
  });

  constructor(private readonly o: PoolOptions) {
    const settle = (f: Flight, outcome: Answer | Error) => this.settle(f, outcome);
    this.lanes = {
      interactive: new LaneRunner(
        'interactive',
        o.lanes.interactive.workers,
        o.lanes.interactive.nice,
        o,
        settle,
      ),
      report: new LaneRunner('report', o.lanes.report.workers, o.lanes.report.nice, o, settle),
    };
  }

  /** The answer to read `name` with `params`: cached, shared with a running flight, or new. */
  request(name: string, lane: Lane, params: unknown, signal?: AbortSignal): Promise<Answer> {
    if (signal?.aborted)
      return Promise.reject(new ReadFailure('CLIENT_CLOSED', 'the client went away'));
    const key = `${name}\0${stableKey(params)}`;
    const version = this.o.version();
    const hit = this.cache.get(key);
    if (hit && hit.version === version && Date.now() - hit.at < this.o.cacheMs)
      return Promise.resolve(hit.answer);

    const entry = this.flights.get(key) ?? {};
    let flight: Flight;
    const current = entry.current;
    if (current && (current.state === 'queued' || current.version === version)) flight = current;
    else if (current) flight = entry.next ??= this.create(key, name, params, lane, 'deferred');
    else {
      const runner = this.lanes[lane];
      if (runner.queue.length >= this.o.maxQueued)
        return Promise.reject(
          new ReadFailure(
            'BUSY',
            `too many reads are waiting (${this.o.maxQueued}); retry shortly`,
          ),
        );
      flight = entry.current = this.create(key, name, params, lane, 'queued');
      runner.enqueue(flight);
    }
    this.flights.set(key, entry);
    return this.wait(flight, signal);
  }

  private create(key: string, name: string, params: unknown, lane: Lane, state: Flight['state']) {
    const flight: Flight = {
      key,
      name,
      params,
      lane: this.lanes[lane],
      state,
      waiters: new Set(),
      timer: setTimeout(() => {
        const s = this.o.timeoutMs / 1000;
        this.settle(
          flight,
          new ReadFailure(
            'READ_TIMEOUT',
            `this read took longer than the ${s} s limit and was stopped: ask for less (a shorter range, fewer machines) or retry later`,
          ),
        );
      }, this.o.timeoutMs),
    };
    flight.timer.unref();
    return flight;
  }

  private wait(flight: Flight, signal?: AbortSignal): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (a) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(a);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      const onAbort = () => {
        flight.waiters.delete(waiter);
        reject(new ReadFailure('CLIENT_CLOSED', 'the client went away'));
        // Nobody is waiting any more: stop the work rather than finish it for no one.
        if (flight.waiters.size === 0 && flight.state !== 'done')
          this.settle(flight, new ReadFailure('CLIENT_CLOSED', 'the client went away'));
      };
      flight.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Ends a flight: answers its waiters, keeps a good answer, stops a thread still running it. */
  private settle(flight: Flight, outcome: Answer | Error) {
    if (flight.state === 'done') return;
    const was = flight.state;
    flight.state = 'done';
    clearTimeout(flight.timer);
    if (was === 'queued') flight.lane.dequeue(flight);
    if (was === 'running' && flight.slot && flight.slot.flight === flight)
      flight.lane.kill(flight.slot);
    if (outcome instanceof Answer && flight.version !== undefined)
      this.cache.set(flight.key, { version: flight.version, at: Date.now(), answer: outcome });
    deliver([...flight.waiters], outcome);
    flight.waiters.clear();

    const entry = this.flights.get(flight.key);
    if (!entry) return;
    if (entry.next === flight) entry.next = undefined;
    if (entry.current === flight) {
      entry.current = entry.next;
      entry.next = undefined;
      if (entry.current) entry.current.lane.enqueue(entry.current);
    }
    if (!entry.current && !entry.next) this.flights.delete(flight.key);
  }

  /** Reads waiting for a thread and running now, per lane (for tests and health). */
  stats() {
    const lane = (l: LaneRunner) => ({
      threads: l.slots.size,
      running: [...l.slots].filter((s) => s.flight).length,
      queued: l.queue.length,
      dispatched: l.dispatched,
    });
    return { interactive: lane(this.lanes.interactive), report: lane(this.lanes.report) };
  }

  close() {
    return Promise.all([this.lanes.interactive.close(), this.lanes.report.close()]);
  }

  /** Each lane's reader threads ready to read, for /readyz (D90). */
  health() {
    return (['interactive', 'report'] as const).map((lane) => {
      const runner = this.lanes[lane];
      const ready = [...runner.slots].filter((s) => s.ready).length;
      return { lane, ready, threads: runner.slots.size, queued: runner.queue.length };
    });
  }
}
