import 'server-only';
import { getDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { holdLease, leaseOf, releaseLease } from '@/db/queries/leases';
import {
  addRunError,
  claimRun,
  finishRun,
  getRun,
  insertRun,
  openRuns,
  type SyncError,
  type SyncParams,
  type SyncRunRow,
} from '@/db/queries/sync';
import type { SyncJob, SyncTrigger } from '@/db/schema';
import { getConfig } from '@/lib/config';
import { holderGone, instanceId } from '@/lib/ops/instance';
import {
  isSmartVendingError,
  platformClient,
  type SmartVendingClient,
} from '@/lib/platforms/smartvending';
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
export async function queueRun(db: Db, r: SyncRequest): Promise<number> {
  return await insertRun(db, { ...r, at: now() });
}

/** A running run's lease (D101): renewed by the process running it, taken over when it lapses. */
export const runLease = (id: number) => `sync-run:${id}`;

/** The sync leases' TTL: three of the schedule's ticks (SYNC_INTERVAL_S), at most 30 s. */
export function syncLeaseS() {
  const every = getConfig().SYNC_INTERVAL_S;
  return 3 * Math.min(10, every > 0 ? every : 10);
}

/**
 * Takes a queued run for this process with its lease, in one transaction; false when another
 * process took it first, or runs a run of the same job now (claimRun).
 */
export async function claim(db: Db, id: number): Promise<boolean> {
  return await inTransaction(db, async () => {
    if (!(await claimRun(db, id, process.pid, now()))) return false;
    await holdLease(db, {
      name: runLease(id),
      holder: instanceId(),
      ttlS: syncLeaseS(),
      now: now(),
    });
    return true;
  });
}

/** Starts queued runs, oldest first: at most two at once, never two of one job. */
export async function drain(db: Db = getDb()) {
  const s = state();
  if (s.stopping) return;
  for (const run of await openRuns(db, ['queued'])) {
    if (s.active.size >= MAX_PARALLEL) return;
    if ([...s.active.values()].some((a) => a.job === run.job)) continue;
    if (!(await claim(db, run.id))) continue;
    start(db, run);
  }
}

function start(db: Db, run: SyncRunRow) {
  const s = state();
  const abort = new AbortController();
  const done = execute(db, run, abort.signal).finally(() => {
    s.active.delete(run.id);
    setImmediate(async () => await drain(db));
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
  const warn = async (message: string, platform?: SyncError['platform']) =>
    await addRunError(db, run.id, { at: now(), message, ...(platform && { platform }) });
  // The run's lease, renewed while it runs; lost (this process was stalled past the TTL and
  // another took the run over), the run stops here and leaves the row to its new owner.
  const lease = { name: runLease(run.id), holder: instanceId() };
  const ttlS = syncLeaseS();
  const lost = new AbortController();
  const renew = setInterval(
    async () => {
      try {
        if (!(await holdLease(db, { ...lease, ttlS, now: now() })))
          lost.abort(new Error('the run was taken over by another process'));
      } catch {
        // A busy database: the next renewal tries again, well within the TTL.
      }
    },
    (ttlS * 1000) / 3,
  );
  renew.unref();
  const stop = AbortSignal.any([signal, lost.signal]);
  try {
    const c = client ?? (await platformClient({ signal: stop }));
    const ctx = jobContext({
      db,
      runId: run.id,
      params: JSON.parse(run.params) as SyncParams,
      position: run.position ? (JSON.parse(run.position) as Record<string, unknown>) : undefined,
      client: c,
      clientId: c.clientId,
      pageSize: getConfig().SYNC_PAGE_SIZE,
      signal: stop,
      now,
      warn,
    });
    await JOBS[run.job](ctx);
    await finishRun(db, run.id, 'succeeded', now());
  } catch (e) {
    if (lost.signal.aborted) return;
    if (signal.aborted && state().stopping) {
      // Shutting down: the run goes back in the queue and resumes from its last commit.
      await finishRun(db, run.id, 'queued', now());
      return;
    }
    if (isSmartVendingError(e)) await warn(e.message, e.problem);
    else await warn(failureOf(e));
    await finishRun(db, run.id, 'failed', now());
  } finally {
    clearInterval(renew);
    if (!lost.signal.aborted) await releaseLease(db, lease);
  }
}

/**
 * Runs left `running` by a process that is gone go back in the queue, with their position:
 * they continue where their last commit left them. Gone: its run's lease lapsed (a crash or a
 * kill anywhere, after the TTL), or its holder was a process of this host that is not running
 * (at once). Each in a transaction of its own, so two processes recovering at once requeue a
 * run once.
 */
export async function recoverRuns(db: Db = getDb()) {
  const s = state();
  let recovered = 0;
  for (const candidate of await openRuns(db, ['running'])) {
    if (s.active.has(candidate.id)) continue;
    const name = runLease(candidate.id);
    const done = await inTransaction(db, async () => {
      const t = now();
      const run = await getRun(db, candidate.id);
      const lease = await leaseOf(db, name);
      if (run?.state !== 'running') return false;
      if (lease && lease.expiresAt > t && !holderGone(lease.holder)) return false;
      await addRunError(db, run.id, {
        at: t,
        message: `resumed after its process (${lease?.holder ?? run.owner ?? '?'}) stopped`,
        resumed: true,
      });
      await finishRun(db, run.id, 'queued', t);
      if (lease) await releaseLease(db, { name, holder: lease.holder });
      return true;
    });
    if (done) recovered++;
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

/** What a run failed with, and what that wraps (the database's own words under "Failed query"). */
function failureOf(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? e.cause.message : undefined;
  return cause && !e.message.includes(cause) ? `${e.message}: ${cause}` : e.message;
}
