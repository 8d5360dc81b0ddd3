import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { holdLease, releaseLease } from '@/db/queries/leases';
import {
  claimScheduleDay,
  listSchedules,
  queueReportDelivery,
  type ScheduleRow,
} from '@/db/queries/report-schedules';
import type { ReportNotice } from '@/lib/notifications/notice';
import type { ScheduledReport } from './scheduled';
import { localClock } from './schedules';
import { registerWorker } from '@/lib/ops/liveness';

export const REPORT_LEASE = 'report-scheduler';
/** A report that failed to build is tried again after this long, not every tick. */
const RETRY_S = 300;

export type BuildNotice = (
  s: ScheduleRow & { report: ScheduledReport },
  day: { day: string; now: number },
) => Promise<ReportNotice> | ReportNotice;

/**
 * One look at the clock (D89): each schedule whose time of day has come today and that has not
 * been queued today is built (for yesterday) and queued as ONE pending delivery, its day taken
 * in the same transaction. Only today is ever queued: a server down at the time queues it when
 * it comes back the same day; a day missed altogether is not sent late.
 */
export async function reportTick(
  db: Db,
  o: { now: number; timeZone: string; build: BuildNotice; failed?: Map<number, number> },
): Promise<number[]> {
  const clock = localClock(o.now, o.timeZone);
  const due = (await listSchedules(db)).filter(
    (s) =>
      s.channelDeletedAt === null &&
      s.at <= clock.time &&
      (s.lastQueuedFor ?? '') < clock.day &&
      (o.failed?.get(s.id) ?? 0) <= o.now,
  );
  const queued: number[] = [];
  for (const s of due) {
    let notice: ReportNotice;
    try {
      notice = await o.build(s as ScheduleRow & { report: ScheduledReport }, {
        day: clock.yesterday,
        now: o.now,
      });
    } catch (e) {
      console.error(`report schedule ${s.id} (${s.report}) could not be built:`, e);
      o.failed?.set(s.id, o.now + RETRY_S);
      continue;
    }
    const done = await inTransaction(db, async () => {
      if (!(await claimScheduleDay(db, { id: s.id, day: clock.day }))) return false;
      return await queueReportDelivery(db, {
        dedupeKey: `report:${s.id}:${clock.day}`,
        channelId: s.channelId,
        language: s.language,
        payload: JSON.stringify(notice),
        now: o.now,
      });
    });
    if (done) queued.push(s.id);
  }
  return queued;
}

/**
 * Starts the scheduler in the server's process, under a lease so that one process of several
 * on the database runs it. Returns the stop function (waits for a tick under way, then gives
 * the lease up so another process takes over at once).
 */
export function startReportScheduler(
  getDb: () => Db,
  o: { intervalS: number; timeZone: string; build: BuildNotice },
) {
  if (!o.intervalS) return async () => {};
  const holder = randomUUID();
  const ttlS = Math.max(3 * o.intervalS, 30);
  const failed = new Map<number, number>();
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    live.beat();
    if (running || stopped) return;
    const db = getDb();
    const now = Math.floor(Date.now() / 1000);
    running = (async () => {
      if (!(await holdLease(db, { name: REPORT_LEASE, holder, ttlS, now }))) return;
      await reportTick(db, { now, timeZone: o.timeZone, build: o.build, failed });
    })()
      .catch((e: unknown) => console.error('report scheduler:', e))
      .finally(() => (running = null));
  };
  // /readyz: a tick that stops coming means the scheduler is stuck (D90).
  const live = registerWorker('report-scheduler', o.intervalS * 3000 + 60_000);
  const timer = setInterval(tick, o.intervalS * 1000);
  timer.unref();
  tick();
  return async () => {
    live.stop();
    stopped = true;
    clearInterval(timer);
    await running;
    await releaseLease(getDb(), { name: REPORT_LEASE, holder });
  };
}
