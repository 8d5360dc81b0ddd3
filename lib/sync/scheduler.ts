import type { Db } from '@/db/client';
import {
  hasCheckForDay,
  lastRunOf,
  lastSucceeded,
  openRuns,
  type SyncParams,
} from '@/db/queries/sync';
import type { SyncJob } from '@/db/schema';
import { getConfig } from '@/lib/config';
import { platformClient } from '@/lib/smartvending';
import { drain, queueRun, recoverRuns, stopRunner } from './runner';
import { withDefaults } from './request';
import { yesterday } from './window';
import { registerWorker } from '@/lib/ops/liveness';
import { log } from '@/lib/ops/log';

/** Trades are pulled again from this long before the last scheduled window ended. */
const OVERLAP_S = 600;
/** Lines, sites, goods, statuses and §6.2 sales: about hourly. */
const SLOW_EVERY_S = 3600;

const now = () => Math.floor(Date.now() / 1000);

function configured() {
  try {
    platformClient();
    return true;
  } catch {
    return false;
  }
}

/**
 * One tick of the schedule: queue what is due, unless a run of that job is already waiting
 * or under way. Each run is short-transactioned page by page, so pushes are never held up.
 */
export function scheduleTick(db: Db, nowSec = now()) {
  if (!configured()) return [];
  const open = new Set(openRuns(db).map((r) => r.job));
  const queued: number[] = [];
  const enqueue = (job: SyncJob, params: SyncParams) => {
    if (open.has(job)) return;
    open.add(job);
    // Scheduled runs are recorded as runs; the audit log is for what people ask for.
    queued.push(
      queueRun(db, {
        job,
        params: withDefaults(job, params, nowSec),
        trigger: 'schedule',
        requestedBy: 'schedule',
      }),
    );
  };
  const lastTrades = lastSucceeded(db, 'trades', 'schedule');
  const lastUntil = lastTrades ? (JSON.parse(lastTrades.params) as SyncParams).until : undefined;
  enqueue('trades', {
    since: lastUntil !== undefined ? lastUntil - OVERLAP_S : undefined,
    until: nowSec,
  });
  enqueue('refills', {});
  for (const job of ['lines', 'sites', 'goods', 'status', 'sales'] as const) {
    const last = lastRunOf(db, job, 'schedule');
    if (!last || last.createdAt <= nowSec - SLOW_EVERY_S) enqueue(job, {});
  }
  const y = yesterday(nowSec, getConfig().FLEET_TIME_ZONE);
  const lastCheck = lastRunOf(db, 'reconcile', 'schedule');
  const triedToday = lastCheck && lastCheck.createdAt > nowSec - SLOW_EVERY_S;
  if (!hasCheckForDay(db, y.day) && !triedToday)
    enqueue('reconcile', { since: y.since, until: y.until });
  drain(db);
  return queued;
}

/**
 * Starts the sync machinery in the server's process: runs a crash left behind are resumed,
 * and, unless `intervalS` is 0, the schedule ticks. Returns the stop function (awaits the runs
 * under way, which go back in the queue and resume at the next start).
 */
export function startSync(getDb: () => Db, intervalS: number) {
  const db = getDb();
  const recovered = recoverRuns(db);
  if (recovered) log().info({ runs: recovered }, 'sync: resuming interrupted runs');
  drain(db);
  let timer: NodeJS.Timeout | undefined;
  let first: NodeJS.Timeout | undefined;
  // /readyz: a schedule that missed three ticks is stuck (D90).
  const live = intervalS > 0 ? registerWorker('sync-scheduler', intervalS * 3000 + 60_000) : null;
  if (intervalS > 0) {
    const tick = () => {
      live?.beat();
      try {
        scheduleTick(getDb());
      } catch (e) {
        log().error({ err: e }, 'sync schedule tick failed');
      }
    };
    first = setTimeout(tick, Math.min(intervalS, 10) * 1000);
    timer = setInterval(tick, intervalS * 1000);
    first.unref();
    timer.unref();
  }
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    live?.stop();
    await stopRunner();
  };
}
