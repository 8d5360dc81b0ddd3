import { parseCopyArgs, USAGE } from '@/db/copy/args';
import { CopyRefused, runCopy, summaryLine } from '@/db/copy/run';
import { PlanError } from '@/db/copy/plan';
import { migratePg } from '@/db/engine/postgres/client';

/**
 * `npm run db:copy -- --from ./data/vending.db --to postgres://…` (D100): copies a SQLite
 * database, as of one point in time, into an empty PostgreSQL one; resumable; verified.
 * Exit codes: 0 copied and verified, 1 the verification found a difference, 2 refused (bad
 * arguments, a target that is not empty, a value PostgreSQL cannot hold), 3 any other failure.
 */
const args = parseCopyArgs(process.argv.slice(2));
if ('error' in args) {
  console.error(`${args.error}\n${USAGE}`);
  process.exit(2);
}
// Tests: DB_COPY_KILL_IN=<table>:<n> dies inside that table's nth chunk of this run, after
// its COPY and before its commit, as a kill at the worst moment would.
const killIn = process.env.DB_COPY_KILL_IN;
try {
  const result = await runCopy({
    ...args,
    migrate: migratePg,
    log: (l) => console.log(l),
    beforeCommit: killIn
      ? (table, n) => `${table}:${n}` === killIn && process.kill(process.pid, 'SIGKILL')
      : undefined,
  });
  // A copy printed each table as it finished; a verification prints them here.
  if (args.verifyOnly) for (const t of result.tables) console.log(summaryLine(t));
  const rows = result.tables.reduce((a, t) => a + t.copied, 0);
  const seconds = result.tables.reduce((a, t) => a + t.seconds, 0);
  if (!args.verifyOnly && seconds > 0) {
    console.log(
      `copied ${rows} rows in ${seconds.toFixed(1)} s, ${Math.round(rows / seconds)} rows/s`,
    );
  }
  if (result.mismatches.length > 0) {
    console.error(`verification failed: ${result.mismatches.length} difference(s), listed above`);
    process.exit(1);
  }
} catch (e) {
  if (e instanceof CopyRefused || e instanceof PlanError || isArgumentError(e)) {
    console.error(`db:copy refused: ${(e as Error).message}`);
    process.exit(2);
  }
  console.error(`db:copy failed: ${(e as Error).message}\nrun the same command again to resume`);
  process.exit(3);
}

function isArgumentError(e: unknown) {
  return e instanceof Error && /^--(from|to):/.test(e.message);
}
