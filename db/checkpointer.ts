import 'server-only';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * Moves WAL checkpoints off the request thread. By default SQLite checkpoints inside whichever
 * commit crosses 1,000 WAL pages, and that commit pays for copying them back and syncing the
 * file: about a quarter of a push's cost (docs/decisions.md). The server instead checkpoints
 * PASSIVE (never blocking writers) from a worker thread with its own connection; the request
 * connection keeps a far higher automatic threshold as a bound if the worker ever stops.
 *
 * PASSIVE alone never restarts the log while writers keep appending, so under sustained ingest
 * the WAL grew without bound (82 MB in 2 s at 3,000 pushes/s). Past `walMaxBytes` the worker
 * checkpoints TRUNCATE: it waits for the writer's current transaction, copies the rest and
 * empties the file. It waits at most 100 ms for a reader on an old snapshot (a long report);
 * when one blocks it, it gives up and tries again on the next tick rather than hold the
 * writers back (D90). Each checkpoint's duration goes to the metrics.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 100');
const pageBytes = db.pragma('page_size', { simple: true }) + 24;
const timer = setInterval(() => {
  try {
    let started = performance.now();
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    parentPort.postMessage({ mode: 'PASSIVE', ms: performance.now() - started });
    if (r.log * pageBytes > workerData.walMaxBytes) {
      started = performance.now();
      const t = db.pragma('wal_checkpoint(TRUNCATE)')[0];
      parentPort.postMessage({ mode: 'TRUNCATE', ms: performance.now() - started, busy: t.busy });
    }
  } catch (e) { parentPort.postMessage({ error: String(e) }); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });
`;

export interface CheckpointerOptions {
  intervalMs?: number;
  walMaxBytes?: number;
  /** Each checkpoint made: its mode, milliseconds, and for TRUNCATE whether a reader blocked it. */
  onCheckpoint?: (mode: 'PASSIVE' | 'TRUNCATE', ms: number, busy: boolean) => void;
  /** A checkpoint failed (`stopped`: the worker is gone; commits checkpoint again). */
  onFailure?: (error: unknown, stopped: boolean) => void;
}

interface FromWorker {
  mode?: 'PASSIVE' | 'TRUNCATE';
  ms?: number;
  busy?: number;
  error?: string;
}

export function startCheckpointer(sqlite: Database.Database, o: CheckpointerOptions = {}) {
  if (sqlite.memory) return () => undefined;
  const intervalMs = o.intervalMs ?? 500;
  const walMaxBytes = o.walMaxBytes ?? 64 * 1024 * 1024;
  sqlite.pragma('wal_autocheckpoint = 20000');
  // When the log restarts, its file is cut back to this size instead of keeping its peak.
  sqlite.pragma(`journal_size_limit = ${walMaxBytes}`);
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      file: sqlite.name,
      intervalMs,
      walMaxBytes,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
    },
  });
  worker.on('message', (m: FromWorker) => {
    if (m.error) o.onFailure?.(m.error, false);
    else o.onCheckpoint?.(m.mode!, m.ms!, m.busy === 1);
  });
  worker.on('error', (e) => {
    o.onFailure?.(e, true);
    sqlite.pragma('wal_autocheckpoint = 1000');
  });
  worker.unref();
  return () => worker.postMessage('stop');
}
