import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * Moves WAL checkpoints off the request thread. By default SQLite checkpoints inside whichever
 * commit crosses 1,000 WAL pages, and that commit pays for copying them back and syncing the
 * file: about a quarter of a push's cost (docs/decisions.md). The server instead checkpoints
 * PASSIVE (never blocking writers) from a worker thread with its own connection; the request
 * connection keeps a far higher automatic threshold as a bound if the worker ever stops.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { parentPort.postMessage(String(e)); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });
`;

export function startCheckpointer(sqlite: Database.Database, intervalMs = 500) {
  if (sqlite.memory) return () => undefined;
  sqlite.pragma('wal_autocheckpoint = 20000');
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      file: sqlite.name,
      intervalMs,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
    },
  });
  worker.on('message', (m) => console.error('checkpoint:', m));
  worker.on('error', (e) => {
    console.error('checkpoint worker stopped:', e);
    sqlite.pragma('wal_autocheckpoint = 1000');
  });
  worker.unref();
  return () => worker.postMessage('stop');
}
