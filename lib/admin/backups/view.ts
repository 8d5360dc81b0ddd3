import 'server-only';
import path from 'node:path';
import type { Db } from '@/db/client';
import { recentBackups, type BackupRow } from '@/db/queries/backups';
import type { AppConfig } from '@/lib/config';

export interface BackupItem {
  id: number;
  startedAt: number;
  finishedAt: number | null;
  /** The snapshot's full path on the server (for the restore drill), or null when it failed. */
  file: string | null;
  name: string | null;
  bytes: number | null;
  durationMs: number | null;
  outcome: 'running' | 'ok' | 'failed';
  /** Where it failed: the copy or its check. */
  failedAt: 'copy' | 'check' | null;
  error: string | null;
  upload: {
    state: 'off' | 'pending' | 'done' | 'failed';
    key: string | null;
    at: number | null;
    error: string | null;
  };
}

export interface BackupsView {
  items: BackupItem[];
  /** The newest good snapshot, and its age in seconds at `asOf`. */
  lastGood: BackupItem | null;
  lastGoodAgeS: number | null;
  asOf: number;
  intervalH: number;
  uploadConfigured: boolean;
}

function item(r: BackupRow, uploads: boolean): BackupItem {
  const stage = r.error?.split(':')[0];
  return {
    id: r.id,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    file: r.file,
    name: r.file ? path.basename(r.file) : null,
    bytes: r.bytes,
    durationMs: r.durationMs,
    outcome: r.outcome as BackupItem['outcome'],
    failedAt: r.outcome === 'failed' ? (stage === 'check' ? 'check' : 'copy') : null,
    error: r.error ? r.error.replace(/^(copy|check): /, '') : null,
    upload: {
      state: r.uploadedAt
        ? 'done'
        : r.uploadError
          ? 'failed'
          : uploads && r.outcome === 'ok'
            ? 'pending'
            : 'off',
      key: r.uploadedTo,
      at: r.uploadedAt,
      error: r.uploadError,
    },
  };
}

/** The recent backups, newest first, and the last good one's age: the API and the page. */
export async function readBackups(db: Db, config: AppConfig, o: { limit: number; now: number }) {
  const uploads = Boolean(config.S3_BUCKET);
  const items = (await recentBackups(db, o.limit)).map((r) => item(r, uploads));
  // The last good one may be older than the page of recent ones (a run of failures).
  const lastGood =
    items.find((i) => i.outcome === 'ok') ??
    (await recentBackups(db, 1000))
      .filter((r) => r.outcome === 'ok')
      .map((r) => item(r, uploads))[0] ??
    null;
  return {
    items,
    lastGood,
    lastGoodAgeS: lastGood ? Math.max(0, o.now - lastGood.startedAt) : null,
    asOf: o.now,
    intervalH: config.BACKUP_INTERVAL_H,
    uploadConfigured: uploads,
  } satisfies BackupsView;
}
