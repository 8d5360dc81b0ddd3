import { closeDb, getDb, startDb } from '@/lib/db';
import { BACKUPS_ON_POSTGRES, backupsByApp } from '@/lib/admin/backups/engine';
import { getConfig } from '@/lib/config';
import { backupById } from '@/db/queries/backups';
import { runBackup } from '@/lib/admin/backups/run';

/**
 * `npm run backup`: one checked snapshot of DATABASE_URL into BACKUP_DIR (a running server may
 * keep taking pushes meanwhile), recorded, uploaded when S3 is set, thinned. The snapshot's
 * path is the LAST line printed, for scripts (`FILE=$(npm run -s backup | tail -1)`).
 */
const config = getConfig();
if (!backupsByApp(config)) {
  console.error(BACKUPS_ON_POSTGRES);
  process.exit(1);
}
if (config.DATABASE_URL === ':memory:') {
  console.error('DATABASE_URL is :memory:, there is nothing to back up');
  process.exit(1);
}
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());
await startDb();
const result = await runBackup(getDb(), config, { signal: stop.signal });
const row = await backupById(getDb(), result.id);
await closeDb();
if (row?.uploadError)
  console.error(`upload failed (retried at the next backup): ${row.uploadError}`);
if (row?.uploadedTo) console.log(`uploaded to s3://${config.S3_BUCKET}/${row.uploadedTo}`);
if (!result.ok) {
  console.error(`backup failed: ${result.error}`);
  process.exit(1);
}
const mb = (result.bytes / 1024 / 1024).toFixed(1);
console.log(
  `checked (${result.check}_check), ${mb} MB in ${(result.durationMs / 1000).toFixed(1)} s`,
);
console.log(result.file);
