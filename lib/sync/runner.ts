import fs from 'node:fs';
import { getDb } from '@/lib/db';
import type { Db } from '@/db/client';
import {
  addRunError,
  claimRun,
  finishRun,
  insertRun,
  openRuns,
  type SyncError,
  type SyncParams,
  type SyncRunRow,
} from '@/db/queries/sync';
import type { SyncJob, SyncTrigger } from '@/db/schema';
import { getConfig } from '@/lib/config';
import { isSmartVendingError, platformClient, type SmartVendingClient } from '@/lib/smartvending';
import { jobContext } from './context';
import { JOBS } from './jobs';

const now = () => Math.floor(Date.now() / 1000);
const MAX_PARALLEL = 2;

interface Active {
  job: SyncJob;
  abort: AbortController;
  done: Promise<void>;
}
interface RunnerState {
  active: Map<number, Active>;
  stopping: boolean;
}

/**
 * The runs under way in this process. Kept on globalThis: the server's own modules (the
 * scheduler) and Next.js's bundle (the API) are two copies of this file in one process.
 */
const KEY = Symbol.for('vending.sync-runner');
function state(): RunnerState {
  const holder = globalThis as { [KEY]?: RunnerState };
  return (holder[KEY] ??= { active: new Map(), stopping: false });
}

export interface SyncRequest {
  job: SyncJob;
  params: SyncParams;
  trigger: SyncTrigger;
  requestedBy?: string;
}

/** Records a queued run (in the caller's transaction, with its audit) and returns its id. */
export function queueRun(db: Db, r: SyncRequest): number {
  return insertRun(db, { ...r, at: now() });
}

/** Starts queued runs, oldest first: at most two at once, never two of one job. */
export function drain(db: Db = getDb()) {
  const s = state();
  if (s.stopping) return;
  for (const run of openRuns(db, ['queued'])) {
    if (s.active.size >= MAX_PARALLEL) return;
    if ([...s.active.values()].some((a) => a.job === run.job)) continue;
    if (!claimRun(db, run.id, process.pid, now())) continue;
    start(db, run);
  }
}

function start(db: Db, run: SyncRunRow) {
  const s = state();
  const abort = new AbortController();
  const done = execute(db, run, abort.signal).finally(() => {
    s.active.delete(run.id);
    setImmediate(() => drain(db));
  });
  s.active.set(run.id, { job: run.job, abort, done });
}

/** Runs one claimed run to its end; the CLI awaits this directly. */
export async function execute(
  db: Db,
  run: SyncRunRow,
  signal: AbortSignal,
  client?: SmartVendingClient,
) {
  const warn = (message: string, platform?: SyncError['platform']) =>
    addRunError(db, run.id, { at: now(), message, ...(platform && { platform }) });
  try {
    const c = client ?? platformClient({ signal });
    const ctx = jobContext({
      db,
      runId: run.id,
      params: JSON.parse(run.params) as SyncParams,
      position: run.position ? (JSON.parse(run.position) as Record<string, unknown>) : undefined,
      client: c,
      clientId: c.clientId,
      pageSize: getConfig().SYNC_PAGE_SIZE,
      signal,
      now,
      warn,
    });
    await JOBS[run.job](ctx);
    finishRun(db, run.id, 'succeeded', now());
  } catch (e) {
    if (signal.aborted && state().stopping) {
      // Shutting down: the run goes back in the queue and resumes from its last commit.
      finishRun(db, run.id, 'queued', now());
      return;
    }
    if (isSmartVendingError(e)) warn(e.message, e.problem);
    else warn(e instanceof Error ? e.message : String(e));
    finishRun(db, run.id, 'failed', now());
  }
}

/** Whether a process is still running: a zombie (killed, not yet reaped) is not. */
function alive(pid: number) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // Linux: "pid (name) S …"; Z is a zombie.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * Runs left `running` by a process that is gone (a crash, a kill) go back in the queue, with
 * their position: they continue where their last commit left them.
 */
export function recoverRuns(db: Db = getDb()) {
  const s = state();
  let recovered = 0;
  for (const run of openRuns(db, ['running'])) {
    if (s.active.has(run.id)) continue;
    if (run.owner !== null && run.owner !== process.pid && alive(run.owner)) continue;
    addRunError(db, run.id, {
      at: now(),
      message: `resumed after its process (${run.owner ?? '?'}) stopped`,
    });
    finishRun(db, run.id, 'queued', now());
    recovered++;
  }
  return recovered;
}

/** Stops taking runs, interrupts those under way (back to queued) and waits for them. */
export async function stopRunner() {
  const s = state();
  s.stopping = true;
  for (const a of s.active.values()) a.abort.abort(new Error('the server is stopping'));
  await Promise.allSettled([...s.active.values()].map((a) => a.done));
}
