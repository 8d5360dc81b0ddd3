import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '@/db/client';
import {
  deleteBackups,
  finishBackup,
  goodSnapshots,
  insertRunningBackup,
  pendingUploads,
  recordUpload,
} from '@/db/queries/backups';
import type { AppConfig } from '@/lib/config';
import { s3Target, uploadSnapshot } from './s3';
import { BackupError, takeSnapshot } from './snapshot';
import { snapshotsToKeep } from './thinning';

const nowS = () => Math.floor(Date.now() / 1000);

/** BACKUP_DIR, or a `backups` folder beside the database (so a volume for /data holds both). */
export function backupDirOf(config: AppConfig) {
  return config.BACKUP_DIR
    ? path.resolve(config.BACKUP_DIR)
    : path.join(path.dirname(path.resolve(config.DATABASE_URL)), 'backups');
}

/** `vending-20260408T120000Z-42.db`: sorts by time, and the row id keeps two in a second apart. */
const fileName = (startedAt: number, id: number) =>
  `vending-${new Date(startedAt * 1000).toISOString().replace(/[-:]|\.\d+/g, '')}-${id}.db`;

export type BackupResult =
  | { id: number; ok: true; file: string; bytes: number; durationMs: number; check: string }
  | { id: number; ok: false; error: string };

/**
 * One backup, start to end (the schedule and `npm run backup` both run this): a checked
 * snapshot of DATABASE_URL in the backup folder, recorded in `backups`; then the upload of it
 * and of every kept snapshot whose upload failed before (when S3 is configured); then thinning.
 */
export async function runBackup(
  db: Db,
  config: AppConfig,
  o: { signal?: AbortSignal } = {},
): Promise<BackupResult> {
  const dir = backupDirOf(config);
  const startedAt = nowS();
  const id = await insertRunningBackup(db, { startedAt });
  let result: BackupResult;
  try {
    fs.mkdirSync(dir, { recursive: true });
    const snap = await takeSnapshot(config.DATABASE_URL, path.join(dir, fileName(startedAt, id)), {
      fullCheckBytes: config.BACKUP_FULL_CHECK_MB * 1024 * 1024,
      signal: o.signal,
    });
    await finishBackup(db, { id, finishedAt: nowS(), outcome: 'ok', ...snap });
    result = { id, ok: true, ...snap };
  } catch (e) {
    const error =
      e instanceof BackupError ? `${e.stage}: ${e.message}` : `copy: ${(e as Error).message}`;
    await finishBackup(db, { id, finishedAt: nowS(), outcome: 'failed', durationMs: 0, error });
    return { id, ok: false, error };
  }
  await uploadPending(db, config, o.signal);
  await thinSnapshots(db, config);
  return result;
}

/** Uploads every kept snapshot not uploaded yet, newest first; each failure is recorded. */
export async function uploadPending(db: Db, config: AppConfig, signal?: AbortSignal) {
  const target = s3Target(config);
  if (!target) return;
  try {
    for (const row of await pendingUploads(db)) {
      if (signal?.aborted) return;
      if (!row.file || !fs.existsSync(row.file)) continue;
      try {
        const key = await uploadSnapshot(target, row.file, signal);
        await recordUpload(db, { id: row.id, key, at: nowS() });
      } catch (e) {
        await recordUpload(db, { id: row.id, error: (e as Error).message || String(e) });
      }
    }
  } finally {
    target.client.destroy();
  }
}

/**
 * Removes the snapshots the keep rule lets go (D91), file and row. Objects already uploaded
 * stay in the bucket: their retention is the bucket's lifecycle rule (README, Deploying).
 */
export async function thinSnapshots(db: Db, config: AppConfig) {
  const snapshots = await goodSnapshots(db);
  const keep = snapshotsToKeep(snapshots, {
    last: config.BACKUP_KEEP,
    daily: config.BACKUP_KEEP_DAILY,
    weekly: config.BACKUP_KEEP_WEEKLY,
    timeZone: config.FLEET_TIME_ZONE,
  });
  const gone = snapshots.filter((s) => !keep.has(s.id));
  for (const s of gone) if (s.file) fs.rmSync(s.file, { force: true });
  await deleteBackups(
    db,
    gone.map((s) => s.id),
  );
}
