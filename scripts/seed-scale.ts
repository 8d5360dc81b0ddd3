import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDb, onPostgres, openDb, startDb } from '@/lib/db';
import { getConfig } from '@/lib/config';
import { PgTarget, redact } from '@/db/copy/target';
import { bulkLoad } from './bulk-load';
import { copyIntoPostgres } from './copy-to-postgres';

/**
 * `npm run seed:scale -- --machines 5000 --days 365 [--seed 1] [--lines N]`
 * Writes a large twin fleet and its history into DATABASE_URL for benchmarks.
 *
 * On PostgreSQL (`DATABASE_URL=postgres://…`, an empty database) the fleet is bulk-loaded into
 * a SQLite file first (the same fast path), then copied in by COPY with db:copy's machinery
 * (verified: counts and sums per table), then VACUUM ANALYZE, then the app's start check
 * (migrations, the rollups' time zone) (D115):
 *   --via FILE   the intermediate SQLite file, kept afterwards (the same fleet on both engines);
 *                without it a file under the temp directory, deleted at the end
 *   --chunk N    rows per COPY chunk (db:copy's --chunk, 20000)
 */
const { values } = parseArgs({
  options: {
    machines: { type: 'string', default: '5000' },
    days: { type: 'string', default: '365' },
    seed: { type: 'string', default: '1' },
    lines: { type: 'string' },
    via: { type: 'string' },
    chunk: { type: 'string', default: '20000' },
  },
});
const num = (name: string, v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`--${name} must be a positive whole number, not ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return n;
};
const options = {
  seed: num('seed', values.seed),
  machines: num('machines', values.machines),
  lines: values.lines ? num('lines', values.lines) : undefined,
  days: num('days', values.days),
};
const chunkRows = num('chunk', values.chunk);
const url = getConfig().DATABASE_URL;

const started = performance.now();
const elapsed = (from = started) => ((performance.now() - from) / 1000).toFixed(1);
const progress =
  (days: number) =>
  ({ day, trades }: { day: number; trades: number }) => {
    if (day % 10 === 0 || day === days) {
      const s = (performance.now() - started) / 1000;
      process.stdout.write(
        `\rday ${day}/${days}: ${trades.toLocaleString('en')} trades, ${s.toFixed(0)} s, ${Math.round(trades / s).toLocaleString('en')} trades/s`,
      );
    }
  };
const clientId = getConfig().SMARTVENDING_CLIENT_ID ?? 'demo-client';

if (!onPostgres()) {
  const db = await startDb();
  const result = await bulkLoad(db, {
    ...options,
    finalStatusOnly: true,
    clientId,
    onDay: progress(options.days),
  });
  console.log(
    `\nseeded ${result.machines} machines, ${result.trades.toLocaleString('en')} trades in ${elapsed()} s into ${url}`,
  );
  await closeDb();
} else {
  await seedPostgres();
}

async function seedPostgres() {
  // Refused before the minutes of seeding, not after: COPY goes into an empty database only.
  const target = await PgTarget.connect(url);
  try {
    const full = await target.tablesWithRows();
    if (full.length > 0) {
      console.error(
        `${redact(url)} is not empty (${full.slice(0, 3).join(', ')} hold rows): seed:scale copies into an empty database`,
      );
      process.exit(2);
    }
  } finally {
    await target.end();
  }
  const dir = values.via ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'seed-scale-'));
  const file = values.via ? path.resolve(values.via) : path.join(dir!, 'fleet.db');
  if (values.via && fs.existsSync(file)) {
    console.error(`--via ${file} exists: name a new file`);
    process.exit(2);
  }
  try {
    const sqlite = openDb(file);
    const r = await bulkLoad(sqlite, {
      ...options,
      finalStatusOnly: true,
      clientId,
      onDay: progress(options.days),
    });
    sqlite.$client.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.$client.close();
    console.log(
      `\nseeded ${r.machines} machines, ${r.trades.toLocaleString('en')} trades in ${elapsed()} s into ${file}`,
    );
    const copyStarted = performance.now();
    try {
      await copyIntoPostgres(file, url, { chunkRows, log: (l) => console.log(l) });
    } catch (e) {
      console.error((e as Error).message);
      process.exit(1);
    }
    console.log(`copied by COPY and analyzed in ${elapsed(copyStarted)} s`);
    // What the app does at start: pending migrations, the rollups checked against the fleet's
    // time zone (rebuilt if they were made in another one).
    const checkStarted = performance.now();
    await startDb();
    await closeDb();
    console.log(`start check (migrations, rollups) in ${elapsed(checkStarted)} s`);
    console.log(
      `seeded ${r.machines} machines, ${r.trades.toLocaleString('en')} trades in ${elapsed()} s into ${redact(url)}` +
        (values.via ? `; the same fleet on SQLite: ${file}` : ''),
    );
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
