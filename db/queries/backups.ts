import 'server-only';
import { held, ready } from '../transaction';
import { and, desc, eq, inArray, isNotNull, isNull, lt, ne } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { backups } from '@/db/schema/alerts';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/backups';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export type BackupRow = typeof backups.$inferSelect;

/** A snapshot begins: its row says `running` until it finishes one way or the other. */
export async function insertRunningBackup(db: DbOrTx, o: { startedAt: number }): Promise<number> {
  if (isPg(db)) return onPg.insertRunningBackup(pgOf(db), o);
  while (held(db)) await ready(db);
  return db
    .insert(backups)
    .values({ startedAt: o.startedAt, outcome: 'running' })
    .returning({ id: backups.id })
    .get().id;
}

export async function finishBackup(
  db: DbOrTx,
  o: {
    id: number;
    finishedAt: number;
    outcome: 'ok' | 'failed';
    file?: string | null;
    bytes?: number | null;
    durationMs: number;
    error?: string | null;
  },
) {
  if (isPg(db)) {
    await onPg.finishBackup(pgOf(db), o);
    return;
  }
  while (held(db)) await ready(db);
  db.update(backups)
    .set({
      finishedAt: o.finishedAt,
      outcome: o.outcome,
      file: o.file ?? null,
      bytes: o.bytes ?? null,
      durationMs: o.durationMs,
      error: o.error ?? null,
    })
    .where(eq(backups.id, o.id))
    .run();
}

/** An upload's result: where it went and when, or why it did not (retried at the next backup). */
export async function recordUpload(
  db: DbOrTx,
  o: { id: number; key: string; at: number } | { id: number; error: string },
) {
  if (isPg(db)) {
    await onPg.recordUpload(pgOf(db), o);
    return;
  }
  while (held(db)) await ready(db);
  db.update(backups)
    .set(
      'key' in o
        ? { uploadedTo: o.key, uploadedAt: o.at, uploadError: null }
        : { uploadError: o.error },
    )
    .where(eq(backups.id, o.id))
    .run();
}

/** The newest backups first (the API and the Settings page). */
export async function recentBackups(db: DbOrTx, limit: number): Promise<BackupRow[]> {
  if (isPg(db)) return onPg.recentBackups(pgOf(db), limit);
  while (held(db)) await ready(db);
  return db
    .select()
    .from(backups)
    .orderBy(desc(backups.startedAt), desc(backups.id))
    .limit(limit)
    .all();
}

/** The newest backup that finished (ok or failed), and the newest good one. */
export async function latestBackups(db: DbOrTx) {
  if (isPg(db)) return onPg.latestBackups(pgOf(db));
  while (held(db)) await ready(db);
  const finished = db
    .select()
    .from(backups)
    .where(ne(backups.outcome, 'running'))
    .orderBy(desc(backups.startedAt), desc(backups.id))
    .get();
  const ok = db
    .select()
    .from(backups)
    .where(eq(backups.outcome, 'ok'))
    .orderBy(desc(backups.startedAt), desc(backups.id))
    .get();
  const started = db
    .select({ startedAt: backups.startedAt })
    .from(backups)
    .orderBy(desc(backups.startedAt))
    .get();
  return { finished, ok, lastStartedAt: started?.startedAt ?? null };
}

/** Good snapshots with their files (what thinning chooses from), newest first. */
export async function goodSnapshots(db: DbOrTx) {
  if (isPg(db)) return onPg.goodSnapshots(pgOf(db));
  while (held(db)) await ready(db);
  return db
    .select({ id: backups.id, startedAt: backups.startedAt, file: backups.file })
    .from(backups)
    .where(and(eq(backups.outcome, 'ok'), isNotNull(backups.file)))
    .orderBy(desc(backups.startedAt), desc(backups.id))
    .all();
}

/** Good snapshots whose upload failed or never ran (retried, newest first). */
export async function pendingUploads(db: DbOrTx) {
  if (isPg(db)) return onPg.pendingUploads(pgOf(db));
  while (held(db)) await ready(db);
  return db
    .select({ id: backups.id, file: backups.file, bytes: backups.bytes })
    .from(backups)
    .where(and(eq(backups.outcome, 'ok'), isNotNull(backups.file), isNull(backups.uploadedAt)))
    .orderBy(desc(backups.startedAt), desc(backups.id))
    .all();
}

/** Rows of snapshots thinning removed: the row describes a file that no longer exists. */
export async function deleteBackups(db: DbOrTx, ids: number[]) {
  if (isPg(db)) {
    await onPg.deleteBackups(pgOf(db), ids);
    return;
  }
  while (held(db)) await ready(db);
  if (ids.length > 0) db.delete(backups).where(inArray(backups.id, ids)).run();
}

/**
 * Rows still `running` that began before `before`: their process stopped mid-copy (a crash, a
 * kill). No snapshot runs that long (D91), so they are marked failed.
 */
export async function failInterruptedBackups(db: DbOrTx, o: { before: number; now: number }) {
  if (isPg(db)) {
    await onPg.failInterruptedBackups(pgOf(db), o);
    return;
  }
  while (held(db)) await ready(db);
  db.update(backups)
    .set({ outcome: 'failed', finishedAt: o.now, error: 'interrupted: the process stopped' })
    .where(and(eq(backups.outcome, 'running'), lt(backups.startedAt, o.before)))
    .run();
}

export async function backupById(db: DbOrTx, id: number): Promise<BackupRow | undefined> {
  if (isPg(db)) return onPg.backupById(pgOf(db), id);
  while (held(db)) await ready(db);
  return db.select().from(backups).where(eq(backups.id, id)).get();
}
