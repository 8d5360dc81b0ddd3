import { closeDb, startDb } from '@/lib/db';
import { failedInboxIds } from '@/db/queries/inbox';
import { replayInbox } from '@/lib/ingest/push/receive';

/** `npm run inbox:replay` replays every failed message; `-- 12 15` replays those ids. */
const ids = process.argv.slice(2).map(Number);
if (ids.some((n) => !Number.isInteger(n) || n <= 0)) {
  console.error('usage: npm run inbox:replay [-- <inbox id> …]');
  process.exit(2);
}
const db = await startDb();
const targets = ids.length ? ids : await failedInboxIds(db);
let failed = 0;
for (const id of targets) {
  const outcome = await replayInbox(db, id);
  if (!outcome.ok) {
    failed++;
    console.log(`#${id}: ${outcome.message}`);
  } else {
    if (outcome.status !== 'processed') failed++;
    console.log(`#${id}: ${outcome.status}${outcome.error ? ` (${outcome.error})` : ''}`);
  }
}
console.log(`${targets.length - failed} of ${targets.length} replayed`);
await closeDb();
process.exit(failed ? 1 : 0);
