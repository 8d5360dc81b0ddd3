import { parseArgs } from 'node:util';
import { closeDb, startDb } from '@/lib/db';
import { getRun, openRuns } from '@/db/queries/sync';
import { inTransaction } from '@/db/prepared';
import { SYNC_JOBS, type SyncJob } from '@/db/schema';
import { audit } from '@/lib/admin/audit';
import { getConfig } from '@/lib/config';
import { withDefaults } from '@/lib/sync/request';
import { claim, execute, queueRun, recoverRuns } from '@/lib/sync/runner';
import { parseTime } from '@/lib/sync/window';

/**
 * `npm run sync -- trades --since 2026-01-01 [--until 2026-01-31] [--asset 91000092]`
 * `npm run sync -- --resume` continues runs whose process stopped (a crash, a kill).
 * Dates are local days in FLEET_TIME_ZONE (or epoch seconds). Exits 1 when a run fails.
 */
const usage = `usage: npm run sync -- <${SYNC_JOBS.join('|')}> [--since DATE] [--until DATE] [--asset ID]
       npm run sync -- --resume`;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    since: { type: 'string' },
    until: { type: 'string' },
    asset: { type: 'string' },
    resume: { type: 'boolean', default: false },
  },
});

const db = await startDb();
const tz = getConfig().FLEET_TIME_ZONE;
const now = () => Math.floor(Date.now() / 1000);
let runIds: number[];
try {
  if (values.resume) {
    await recoverRuns(db);
    runIds = (await openRuns(db, ['queued'])).map((r) => r.id);
  } else {
    const job = positionals[0] as SyncJob | undefined;
    if (!job || !SYNC_JOBS.includes(job) || positionals.length > 1) throw new RangeError(usage);
    const params = withDefaults(
      job,
      {
        since: values.since ? parseTime(values.since, tz) : undefined,
        until: values.until ? parseTime(values.until, tz, true) : undefined,
        assetId: values.asset,
      },
      now(),
    );
    runIds = [
      await inTransaction(db, async () => {
        const id = await queueRun(db, { job, params, trigger: 'cli', requestedBy: 'command line' });
        await audit(db, 'system', {
          action: 'sync.request',
          targetKind: 'sync_run',
          targetId: id,
          after: { job, ...params },
        });
        return id;
      }),
    ];
  }
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}

let failed = 0;
for (const id of runIds) {
  if (!(await claim(db, id))) {
    // Another process took it, or runs a run of the same job: the server's queue has it.
    console.log(`run ${id}: left in the queue (another process runs it or the same job now)`);
    continue;
  }
  const run = (await getRun(db, id))!;
  console.log(`run ${id}: ${run.job} ${run.params}`);
  const progress = setInterval(async () => {
    const r = (await getRun(db, id))!;
    console.log(
      `run ${id}: ${r.done}${r.total ? ` of ${r.total}` : ''} handled, ${r.imported} new`,
    );
  }, 2000);
  await execute(db, run, new AbortController().signal);
  clearInterval(progress);
  const r = (await getRun(db, id))!;
  console.log(
    `run ${id}: ${r.state}, ${r.done} handled, ${r.imported} new, ${r.updated} updated, ${
      r.finishedAt !== null && r.startedAt !== null ? r.finishedAt - r.startedAt : '?'
    } s`,
  );
  for (const e of JSON.parse(r.errors) as { message: string }[]) console.log(`  ${e.message}`);
  if (r.state !== 'succeeded') failed++;
}
await closeDb();
process.exit(failed ? 1 : 0);
