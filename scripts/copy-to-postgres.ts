import pg from 'pg';
import { runCopy } from '@/db/copy/run';
import { migratePg } from '@/db/engine/postgres/client';

/**
 * A SQLite database copied into an empty PostgreSQL one by db:copy's machinery (COPY, verified:
 * counts and sums per table), then VACUUM (ANALYZE): fresh tables have neither statistics for
 * the planner nor a visibility map for index-only scans (D115). For seed:scale and the benches.
 */
export async function copyIntoPostgres(
  file: string,
  url: string,
  o: { chunkRows?: number; log?: (line: string) => void } = {},
): Promise<void> {
  const log = o.log ?? (() => {});
  const copy = await runCopy({
    from: file,
    to: url,
    chunkRows: o.chunkRows ?? 20_000,
    verifyOnly: false,
    migrate: migratePg,
    log,
  });
  if (copy.mismatches.length > 0) {
    throw new Error(`the copy's verification found ${copy.mismatches.length} difference(s)`);
  }
  const started = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET statement_timeout = 0');
    await client.query('VACUUM (ANALYZE)');
  } finally {
    await client.end();
  }
  log(`VACUUM (ANALYZE) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
