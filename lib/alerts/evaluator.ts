import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Db } from '@/db/client';
import { holdLease, releaseLease } from '@/db/queries/leases';
import { setEvaluatorActive, takeChanged, noteFullLook } from './changed';
import { evaluate } from './evaluate';
import { registerWorker } from '@/lib/ops/liveness';

export const ALERT_LEASE = 'alerts';

export interface EvaluatorOptions {
  /** How often the machines that changed are looked at (ALERT_TICK_MS). */
  tickMs: number;
  /** How often the lease holder looks at everything (ALERT_SCAN_S): time-based conditions. */
  scanS: number;
}

/**
 * Starts the alert evaluator in this process (D85). Every tick it looks at the machines this
 * process received messages for; the process that holds the `alerts` lease also looks at the
 * whole fleet and the app's own conditions every `scanS` (an offline machine says nothing when
 * its 30 minutes are up). The lease is renewed every few seconds, not every tick, so the
 * evaluator does not write (and end the readers' caches) while nothing changes. Returns the
 * stop function, which gives the lease up.
 */
export function startAlertEvaluator(getDb: () => Db, o: EvaluatorOptions) {
  const holder = randomUUID();
  const leaseEveryS = Math.max(1, Math.min(10, o.scanS));
  const ttlS = leaseEveryS * 3;
  let leaseCheckedAt = 0;
  let leader = false;
  let lastScan = 0;
  let stopped = false;

  const tick = async () => {
    if (stopped) return;
    live.beat();
    const db = getDb();
    const now = Math.floor(Date.now() / 1000);
    const changed = takeChanged();
    try {
      if (now - leaseCheckedAt >= leaseEveryS || changed.scan) {
        leader = await holdLease(db, { name: ALERT_LEASE, holder, ttlS, now });
        leaseCheckedAt = now;
      }
      // A scan asked for (thresholds saved) runs wherever it was asked: looks are idempotent.
      if (changed.scan || (leader && now - lastScan >= o.scanS)) {
        await evaluate(db, { now, machines: null });
        noteFullLook();
        lastScan = now;
      } else if (changed.machines.length > 0) {
        await evaluate(db, { now, machines: changed.machines });
      }
    } catch (e) {
      // A busy database or a bad row: the next tick (and the next scan) looks again.
      console.error('alert evaluation:', e);
    }
  };
  setEvaluatorActive(true);
  // /readyz: a tick that stops coming means the evaluator is stuck (D90).
  const live = registerWorker('alert-evaluator', Math.max(o.tickMs * 3, 5000) + 60_000);
  const timer = setInterval(tick, o.tickMs);
  timer.unref();
  return async () => {
    live.stop();
    stopped = true;
    clearInterval(timer);
    setEvaluatorActive(false);
    try {
      if (leader) await releaseLease(getDb(), { name: ALERT_LEASE, holder });
    } catch (e) {
      console.error('alert evaluator stop:', e);
    }
  };
}
