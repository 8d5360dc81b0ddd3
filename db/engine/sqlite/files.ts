import 'server-only';
import Database from 'better-sqlite3';

/**
 * A SQLite file as a whole, for restoring a snapshot (lib/admin/backups/restore.ts): checks that
 * open the file on a connection of their own, never the app's.
 */
export interface FileCheck {
  /** What integrity_check (or quick_check) found; empty when every page and index checks out. */
  problems: string[];
  /** The file holds this app's migrations (not looked for when the check found problems). */
  ours: boolean;
}

/** Opens `file` and checks it: a full integrity check, or the quick one (D91). Throws when SQLite cannot open it. */
export function checkSqliteFile(file: string, full: boolean): FileCheck {
  const db = new Database(file, { fileMustExist: true });
  try {
    const rows = db.pragma(full ? 'integrity_check(20)' : 'quick_check(20)', { simple: false });
    const problems = (rows as Record<string, unknown>[])
      .map((r) => String(Object.values(r)[0]))
      .filter((v) => v !== 'ok');
    if (problems.length > 0) return { problems, ours: false };
    const migrations = db
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = '__drizzle_migrations'")
      .get() as { n: number };
    return { problems, ours: migrations.n > 0 };
  } finally {
    db.close();
  }
}

/**
 * Leaves WAL mode, folding the WAL into the file, at once or not at all (busy_timeout 0):
 * throws SQLITE_BUSY while any other connection holds the database.
 */
export function foldWal(file: string) {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}
