import 'server-only';
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { adoptConnection } from '@/lib/db';
import { openSqliteReadonly, wrap } from '@/db/client';
import { ApiError } from '@/lib/edge/errors';
import { READS, type ReadName } from './registry';
import type { FromReader, ToReader } from './protocol';

/**
 * A reader thread (lib/reads/pool.ts): a read-only connection of its own, one read at a time.
 * It runs at a lower scheduling priority than the main thread, so that on a busy machine the
 * operating system gives the core to the pushes first (Linux: a thread's nice value is its own).
 */
const { file, nice } = workerData as { file: string; nice: number };
try {
  const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid)) os.setPriority(tid, nice);
} catch {
  // not Linux, or not allowed: the thread keeps the process's priority
}

const sqlite = openSqliteReadonly(file);
adoptConnection(sqlite);
const db = wrap(sqlite);
const port = parentPort!;
const post = (m: FromReader) => port.postMessage(m);

port.on('message', async (m: ToReader) => {
  const read = READS[m.name as ReadName];
  try {
    if (!read) throw new Error(`no read named ${m.name}`);
    const value = await (read.run as (d: typeof db, p: unknown) => unknown)(db, m.params);
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
    post({ type: 'done', id: m.id, text, json: typeof value !== 'string' });
  } catch (e) {
    if (e instanceof ApiError) post({ type: 'error', id: m.id, code: e.code, message: e.message });
    else {
      console.error(`read ${m.name}:`, e);
      post({ type: 'error', id: m.id, code: 'INTERNAL', message: 'internal error' });
    }
  }
});
post({ type: 'ready' });
