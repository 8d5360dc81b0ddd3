import 'server-only';
import { and, desc, eq, inArray, isNotNull, isNull, lt, ne } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { backups } from '@/db/engine/postgres/schema';
import type { BackupRow } from '@/db/queries/backups';

// PostgreSQL's forms of db/queries/backups.ts (documented there): the records only. The
// snapshot itself is SQLite's (a file copy); a PostgreSQL deployment backs up with its own tools.

export async function insertRunningBackup(db: PgDbOrTx, o: { startedAt: number }): Promise<number> {
  const [row] = await db
    .insert(backups)
    .values({ startedAt: o.startedAt, outcome: 'running' })
    .returning({ id: backups.id });
  return row!.id;
}

export async function finishBackup(
  db: PgDbOrTx,
  o: {
    id: number;
    finishedAt: number;
    outcome: 'ok' | 'failed';
    file?: string | null;
    bytes?: number | null;
    durationMs: number;
    error?: string | null;
  },
): Promise<void> {
  await db
    .update(backups)
    .set({
      finishedAt: o.finishedAt,
      outcome: o.outcome,
      file: o.file ?? null,
      bytes: o.bytes ?? null,
      durationMs: o.durationMs,
      error: o.error ?? null,
    })
    .where(eq(backups.id, o.id));
}

export async function recordUpload(
  db: PgDbOrTx,
  o: { id: number; key: string; at: number } | { id: number; error: string },
): Promise<void> {
  await db
    .update(backups)
    .set(
      'key' in o
        ? { uploadedTo: o.key, uploadedAt: o.at, uploadError: null }
        : { uploadError: o.error },
    )
    .where(eq(backups.id, o.id));
}

const NEWEST = [desc(backups.startedAt), desc(backups.id)];

export async function recentBackups(db: PgDbOrTx, limit: number): Promise<BackupRow[]> {
  return db
    .select()
    .from(backups)
    .orderBy(...NEWEST)
    .limit(limit);
}

/** Three reads of backups_started_idx, at once when on the pool. */
export async function latestBackups(db: PgDbOrTx): Promise<{
  finished: BackupRow | undefined;
  ok: BackupRow | undefined;
  lastStartedAt: number | null;
}> {
  const [[finished], [ok], [started]] = await Promise.all([
    db
      .select()
      .from(backups)
      .where(ne(backups.outcome, 'running'))
      .orderBy(...NEWEST)
      .limit(1),
    db
      .select()
      .from(backups)
      .where(eq(backups.outcome, 'ok'))
      .orderBy(...NEWEST)
      .limit(1),
    db
      .select({ startedAt: backups.startedAt })
      .from(backups)
      .orderBy(desc(backups.startedAt))
      .limit(1),
  ]);
  return { finished, ok, lastStartedAt: started?.startedAt ?? null };
}

export async function goodSnapshots(
  db: PgDbOrTx,
): Promise<{ id: number; startedAt: number; file: string | null }[]> {
  return db
    .select({ id: backups.id, startedAt: backups.startedAt, file: backups.file })
    .from(backups)
    .where(and(eq(backups.outcome, 'ok'), isNotNull(backups.file)))
    .orderBy(...NEWEST);
}

export async function pendingUploads(
  db: PgDbOrTx,
): Promise<{ id: number; file: string | null; bytes: number | null }[]> {
  return db
    .select({ id: backups.id, file: backups.file, bytes: backups.bytes })
    .from(backups)
    .where(and(eq(backups.outcome, 'ok'), isNotNull(backups.file), isNull(backups.uploadedAt)))
    .orderBy(...NEWEST);
}

export async function deleteBackups(db: PgDbOrTx, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.delete(backups).where(inArray(backups.id, ids));
}

export async function failInterruptedBackups(
  db: PgDbOrTx,
  o: { before: number; now: number },
): Promise<void> {
  await db
    .update(backups)
    .set({ outcome: 'failed', finishedAt: o.now, error: 'interrupted: the process stopped' })
    .where(and(eq(backups.outcome, 'running'), lt(backups.startedAt, o.before)));
}

export async function backupById(db: PgDbOrTx, id: number): Promise<BackupRow | undefined> {
  const [row] = await db.select().from(backups).where(eq(backups.id, id));
  return row;
}
