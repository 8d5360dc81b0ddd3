import 'server-only';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { holdLease, releaseLease } from '@/db/queries/leases';
import {
  hasCheckForDay,
  lastRunOf,
  lastSucceeded,
  openRuns,
  type SyncParams,
} from '@/db/queries/sync';
import type { SyncJob } from '@/db/schema';
import { getConfig } from '@/lib/config';
import { platformClient } from '@/lib/platforms/smartvending';
import { drain, queueRun, recoverRuns, stopRunner, syncLeaseS } from './runner';
import { withDefaults } from './request';
import { yesterday } from './window';
import { registerWorker } from '@/lib/ops/liveness';
import { instanceId } from '@/lib/ops/instance';
import { log } from '@/lib/ops/log';

/** Trades are pulled again from this long before the last scheduled window ended. */
const OVERLAP_S = 600;
/** Lines, sites, goods, statuses and §6.2 sales: about hourly. */
const SLOW_EVERY_S = 3600;

const now = () => Math.floor(Date.now() / 1000);

async function configured() {
  try {
    await platformClient();
    return true;
  } catch {
    return false;
  }
}

/**
 * One tick of the schedule: queue what is due, unless a run of that job is already waiting
 * or under way. Each run is short-transactioned page by page, so pushes are never held up.
 */
export async function scheduleTick(db: Db, nowSec = now()) {
  if (!(await configured())) return [];
  // What is open and what is due, read and queued in one transaction: a second process's tick
  // at the same moment (a lease lost while this one ran) then finds these runs open.
  const queued = await inTransaction(db, async () => await enqueueDue(db, nowSec));
  await drain(db);
  return queued;
}

async function enqueueDue(db: Db, nowSec: number) {
  const open = new Set((await openRuns(db)).map((r) => r.job));
  const queued: number[] = [];
  const enqueue = async (job: SyncJob, params: SyncParams) => {
    if (open.has(job)) return;
    open.add(job);
    // Scheduled runs are recorded as runs; the audit log is for what people ask for.
    queued.push(
      await queueRun(db, {
        job,
        params: withDefaults(job, params, nowSec),
        trigger: 'schedule',
        requestedBy: 'schedule',
      }),
    );
  };
  const lastTrades = await lastSucceeded(db, 'trades', 'schedule');
  const lastUntil = lastTrades ? (JSON.parse(lastTrades.params) as SyncParams).until : undefined;
  await enqueue('trades', {
    since: lastUntil !== undefined ? lastUntil - OVERLAP_S : undefined,
    until: nowSec,
  });
  await enqueue('refills', {});
  for (const job of ['lines', 'sites', 'goods', 'status', 'sales'] as const) {
    const last = await lastRunOf(db, job, 'schedule');
    if (!last || last.createdAt <= nowSec - SLOW_EVERY_S) await enqueue(job, {});
  }
  const y = yesterday(nowSec, getConfig().FLEET_TIME_ZONE);
  const lastCheck = await lastRunOf(db, 'reconcile', 'schedule');
  const triedToday = lastCheck && lastCheck.createdAt > nowSec - SLOW_EVERY_S;
  if (!(await hasCheckForDay(db, y.day)) && !triedToday)
    await enqueue('reconcile', { since: y.since, until: y.until });
  return queued;
}

/** The lease under which one process of several on the database runs the schedule (D101). */
export const SYNC_LEASE = 'sync-schedule';

/**
 * Starts the sync machinery in the server's process: runs a crash left behind are resumed, and
 * every min(10, `intervalS`) seconds the process holding the `sync-schedule` lease (one across
 * the app's processes) takes over the runs of processes that are gone (their run leases lapsed)
 * and, unless `intervalS` is 0, ticks the schedule every `intervalS`. Returns the stop function
 * (awaits the runs under way, which go back in the queue and resume at the next start, and
 * gives the lease up so another process takes over at once).
 */
export async function startSync(getDb: () => Db, intervalS: number) {
  const db = await getDb();
  const recovered = await recoverRuns(db);
  if (recovered) log().info({ runs: recovered }, 'sync: resuming interrupted runs');
  await drain(db);
  const holder = instanceId();
  const ttlS = syncLeaseS();
  const everyMs = (ttlS * 1000) / 3;
  let lastTick = 0;
  let stopped = false;
  // /readyz: a schedule that missed three ticks is stuck (D90).
  const live = intervalS > 0 ? registerWorker('sync-scheduler', intervalS * 3000 + 60_000) : null;
  const look = async () => {
    if (stopped) return;
    live?.beat();
    try {
      const d = await getDb();
      if (!(await holdLease(d, { name: SYNC_LEASE, holder, ttlS, now: now() }))) return;
      const back = await recoverRuns(d);
      if (back) log().info({ runs: back }, 'sync: took over runs whose process is gone');
      // Half a look early counts as on time: timers drift by milliseconds.
      if (intervalS > 0 && Date.now() - lastTick >= intervalS * 1000 - everyMs / 2) {
        lastTick = Date.now();
        await scheduleTick(d);
      } else await drain(d);
    } catch (e) {
      log().error({ err: e }, 'sync schedule tick failed');
    }
  };
  const timer = setInterval(look, everyMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    live?.stop();
    await stopRunner();
    try {
      await releaseLease(await getDb(), { name: SYNC_LEASE, holder });
    } catch {
      // The database may already be closed.
    }
  };
}
