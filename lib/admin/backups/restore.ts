import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { checkSqliteFile, foldWal } from '@/db/engine/sqlite/files';

export class RestoreRefused extends Error {
  constructor(
    message: string,
    /** The exit code of `npm run restore`: 2 a bad snapshot, 3 a database in use. */
    readonly code: 2 | 3,
  ) {
    super(message);
  }
}

/**
 * Checks a database file: SQLite opens it, every page and index checks out (integrity_check,
 * or quick_check above `fullCheckBytes`: D91), and it is this app's (it has our migrations).
 */
export function checkDatabaseFile(file: string, fullCheckBytes: number, label = file): void {
  try {
    const full = fs.statSync(file).size <= fullCheckBytes;
    const { problems, ours } = checkSqliteFile(file, full);
    if (problems.length > 0)
      throw new Error(`the ${full ? 'integrity' : 'quick'} check found: ${problems.join('; ')}`);
    if (!ours) throw new Error('it is a SQLite database, but not one of this app');
  } catch (e) {
    throw new RestoreRefused(`${label} is not a usable snapshot: ${(e as Error).message}`, 2);
  }
}

/**
 * Refuses when any other connection holds the database (a running server, its reader threads,
 * a sync run): leaving WAL mode needs every other connection closed, and SQLite's own locks
 * say so at once (busy_timeout 0). When it succeeds the WAL is folded into the file, so the
 * file alone is the whole database, ready to be moved aside.
 */
export function closeIfUnused(file: string): 'folded' | 'unreadable' {
  try {
    foldWal(file);
    return 'folded';
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY'))
      throw new RestoreRefused(
        `${file} is in use (a running server or another process has it open): stop it first`,
        3,
      );
    // A damaged database (the reason for many a restore) cannot fold its WAL: it is moved
    // aside as it is, with its -wal and -shm.
    return 'unreadable';
  }
}

/**
 * closeIfUnused, keeping a damaged database's -wal and -shm: SQLite deletes a WAL it cannot
 * use when the probing connection closes, and that WAL may hold the latest commits. They are
 * hard-linked first and put back when SQLite removed them.
 */
function probeKeepingWal(file: string): 'folded' | 'unreadable' {
  const links = ['-wal', '-shm']
    .filter((s) => fs.existsSync(file + s))
    .map((s) => {
      const link = `${file}${s}.probing`;
      fs.rmSync(link, { force: true });
      fs.linkSync(file + s, link);
      return { name: file + s, link };
    });
  try {
    const result = closeIfUnused(file);
    for (const l of links)
      if (result === 'unreadable' && !fs.existsSync(l.name)) fs.renameSync(l.link, l.name);
    return result;
  } finally {
    for (const l of links) fs.rmSync(l.link, { force: true });
  }
}

const stamp = () => new Date().toISOString().replace(/[-:]|\.\d+/g, '');

/**
 * Puts the snapshot `from` in place of the database `target`: a copy beside the target is
 * checked (the snapshot itself is never changed), the current database is moved aside and kept
 * (with any -wal/-shm, which would otherwise be replayed into the restored file), then the
 * copy is renamed into place. Returns where the previous database was kept.
 */
export function restoreSnapshot(
  from: string,
  target: string,
  o: { fullCheckBytes: number },
): { keptAt: string | null; unreadable: boolean } {
  if (!fs.existsSync(from)) throw new RestoreRefused(`${from} does not exist`, 2);
  if (fs.existsSync(target)) probeKeepingWal(target); // refuses early, before the copy
  fs.mkdirSync(path.dirname(target), { recursive: true }); // a new place (a drill) is fine
  const incoming = `${target}.restoring`;
  fs.copyFileSync(from, incoming);
  try {
    checkDatabaseFile(incoming, o.fullCheckBytes, from);
    // The copy was opened read-write for its check: leave no journal of it behind.
    for (const s of ['-wal', '-shm', '-journal']) fs.rmSync(incoming + s, { force: true });
    let keptAt: string | null = null;
    let unreadable = false;
    if (fs.existsSync(target)) {
      // Again: a server may have started while the copy was checked.
      unreadable = probeKeepingWal(target) === 'unreadable';
      keptAt = `${target}.before-restore-${stamp()}`;
      fs.renameSync(target, keptAt);
    }
    // Left beside the target, they would be replayed into the restored file: keep them apart.
    for (const s of ['-wal', '-shm', '-journal'])
      if (fs.existsSync(target + s))
        fs.renameSync(target + s, keptAt ? keptAt + s : `${target}${s}.stale-${stamp()}`);
    fs.renameSync(incoming, target);
    return { keptAt, unreadable };
  } finally {
    fs.rmSync(incoming, { force: true });
  }
}
