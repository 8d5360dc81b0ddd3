import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Db } from '@/db/client';
import { failInterruptedBackups, latestBackups } from '@/db/queries/backups';
import { holdLease, releaseLease } from '@/db/queries/leases';
import { reportCondition } from '@/lib/alerts/conditions';
import type { AppConfig } from '@/lib/config';
import { runBackup } from './run';
import { backupsByApp } from './engine';
import { registerWorker } from '@/lib/ops/liveness';

const LEASE = 'backup';
const nowS = () => Math.floor(Date.now() / 1000);

/**
 * Scheduled backups (D91): every tick, the process holding the `backup` lease (one across
 * several app processes on one database) takes a snapshot when the last good one began
 * BACKUP_INTERVAL_H ago, and tells the alert records whether backups are failing or stale.
 * Returns the stop for the server's shutdown: it ends a running copy at once (its partial file
 * removed, its row marked failed) and gives the lease up.
 */
export function startBackups(getDb: () => Db, config: AppConfig): () => Promise<void> {
  const intervalS = config.BACKUP_INTERVAL_H * 3600;
  // On PostgreSQL backups are PostgreSQL's own (D111): no schedule, no staleness alert.
  if (intervalS <= 0 || !backupsByApp(config)) return async () => undefined;
  // A quarter of the interval, between 1 s and a minute: a short test interval still ticks.
  const tickMs = Math.min(60_000, Math.max(1000, (intervalS * 1000) / 4));
  const ttlS = Math.ceil((3 * tickMs) / 1000);
  const holder = randomUUID();
  const since = nowS();
  const stopping = new AbortController();
  let running: Promise<void> | undefined;

  const tick = () => {
    live.beat();
    if (stopping.signal.aborted || running) {
      // A copy may outlast a tick many times over: keep the lease while it runs.
      if (running)
        safely(async () => await holdLease(getDb(), { name: LEASE, holder, ttlS, now: nowS() }));
      return;
    }
    safely(async () => {
      const db = getDb();
      const now = nowS();
      if (!(await holdLease(db, { name: LEASE, holder, ttlS, now }))) return;
      // No copy takes 12 hours; a row still running since then lost its process.
      await failInterruptedBackups(db, { before: now - 12 * 3600, now });
      const latest = await latestBackups(db);
      await reportBackupConditions(db, { latest, intervalS, since, now });
      const lastOk = latest.ok?.startedAt ?? null;
      const due =
        (lastOk === null || now - lastOk >= intervalS) &&
        // After a failure, try again an hour later (or at the interval, if shorter).
        (latest.lastStartedAt === null || now - latest.lastStartedAt >= Math.min(intervalS, 3600));
      if (!due) return;
      running = runBackup(db, config, { signal: stopping.signal })
        .then(async (r) => {
          if (!r.ok) console.error(`backup failed: ${r.error}`);
          if (stopping.signal.aborted) return;
          const n = nowS();
          await reportBackupConditions(db, {
            latest: await latestBackups(db),
            intervalS,
            since,
            now: n,
          });
        })
        .catch((e: unknown) => console.error('backup:', e))
        .finally(() => (running = undefined));
    });
  };
  // /readyz: a tick that stops coming means the schedule is stuck (D90).
  const live = registerWorker('backups', tickMs * 3 + 60_000);
  const timer = setInterval(tick, tickMs);
  timer.unref();

  return async () => {
    live.stop();
    clearInterval(timer);
    stopping.abort();
    await running;
    safely(async () => await releaseLease(getDb(), { name: LEASE, holder }));
  };
}

function safely(f: () => unknown) {
  const report = (e: unknown) => console.error('backup schedule:', e);
  try {
    void Promise.resolve(f()).catch(report);
  } catch (e) {
    report(e);
  }
}

/**
 * A failed backup (its copy, its check, or its upload) and a stale one (no good snapshot for
 * twice the interval; a new install gets that long before the first) are alert conditions.
 */
export async function reportBackupConditions(
  db: Db,
  o: {
    latest: Awaited<ReturnType<typeof latestBackups>>;
    intervalS: number;
    since: number;
    now: number;
  },
) {
  const { finished, ok } = o.latest;
  const copyFailed = finished?.outcome === 'failed';
  const uploadFailed = !copyFailed && Boolean(ok?.uploadError) && !ok?.uploadedAt;
  const stage = copyFailed ? (finished?.error?.split(':')[0] ?? 'copy') : 'upload';
  await reportCondition(db, {
    kind: 'backupFailed',
    holding: copyFailed || uploadFailed,
    details: { stage },
    now: o.now,
  });
  const age = o.now - (ok?.startedAt ?? o.since);
  await reportCondition(db, {
    kind: 'backupStale',
    holding: age > 2 * o.intervalS,
    details: {
      never: ok ? 'no' : 'yes',
      hours: Math.floor(age / 3600),
      interval: Math.round((o.intervalS / 3600) * 10) / 10,
    },
    now: o.now,
  });
}
