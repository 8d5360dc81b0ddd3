import path from 'node:path';
import { closeDb, startDb } from '@/lib/db';
import { BACKUPS_ON_POSTGRES, backupsByApp } from '@/lib/admin/backups/engine';
import { getConfig } from '@/lib/config';
import { RestoreRefused, restoreSnapshot } from '@/lib/admin/backups/restore';

/**
 * `npm run restore -- FILE`: puts a snapshot in place of DATABASE_URL. Refuses (exit 3) while
 * a server or any other process has the database open, and refuses (exit 2) a file that is
 * not a sound snapshot of this app. The current database is kept beside it, then migrations
 * run on the restored one (a snapshot from an older version is brought up to date).
 */
const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error('usage: npm run restore -- FILE');
  process.exit(1);
}
const config = getConfig();
if (!backupsByApp(config)) {
  console.error(`restore refused: ${BACKUPS_ON_POSTGRES}`);
  process.exit(1);
}
const target = path.resolve(config.DATABASE_URL);
try {
  const { keptAt, unreadable } = restoreSnapshot(path.resolve(file), target, {
    fullCheckBytes: config.BACKUP_FULL_CHECK_MB * 1024 * 1024,
  });
  await startDb(); // migrations
  await closeDb();
  if (unreadable) console.warn(`the previous database could not be read; it is kept as it was`);
  if (keptAt) console.log(`the previous database is kept at ${keptAt}`);
  console.log(`restored ${file} into ${target}`);
} catch (e) {
  if (!(e instanceof RestoreRefused)) throw e;
  console.error(`restore refused: ${e.message}`);
  process.exit(e.code);
}
