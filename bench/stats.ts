import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { TZDate } from '@date-fns/tz';
import { format, startOfDay, startOfMonth, subDays, subMonths } from 'date-fns';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { asAppDb } from '@/db/engine/handle';
import { openPg, type PgDb } from '@/db/engine/postgres/client';
import { redact } from '@/db/copy/target';
import { getConfig } from '@/lib/config';
import { aggregate } from '@/lib/sales/aggregate';
import { salesReport } from '@/lib/sales/report';
import { salesStatistic, totalStatistic } from '@/lib/sales/stats';
import { bulkLoad } from '@/scripts/bulk-load';

/**
 * `npm run bench:stats`: a year of sales over the whole fleet answered from the rollups and,
 * in the same run on the same database, by a raw scan of the trades; prints p50/p95 of each,
 * their ratio, and whether the answers are equal (they must be: the rollups are exact).
 *
 *   BENCH_DB=/path         an existing database (e.g. from `npm run seed:scale`), left as is
 *   BENCH_DB=postgres://…  the same on PostgreSQL (seeded with `DATABASE_URL=postgres://…
 *                          npm run seed:scale`): the same queries through the app's PostgreSQL
 *                          forms, the raw scan too (D115)
 *   BENCH_MACHINES (5000), BENCH_DAYS (365)
 *                          otherwise a fleet seeded under the system's temp directory with
 *                          bulkLoad, deleted afterwards unless BENCH_KEEP=1
 *   BENCH_RUNS (30)        timed runs of each rollup query (after two warm-up runs)
 *   BENCH_RAW_RUNS (3)     timed runs of each raw scan
 */
const num = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} must be a positive whole number`);
  return v;
};
const RUNS = num('BENCH_RUNS', 30);
const RAW_RUNS = num('BENCH_RAW_RUNS', 3);
const timeZone = getConfig().FLEET_TIME_ZONE;

const onPg = /^postgres(ql)?:\/\//.test(process.env.BENCH_DB ?? '');

async function database(): Promise<{ db: Db; file: string; seeded: boolean }> {
  if (onPg) {
    // No statement timeout: a raw scan of a large fleet's trades takes longer than the app's.
    const pg = openPg(process.env.BENCH_DB!, { max: 2, statementTimeoutMs: 0 });
    return { db: asAppDb(pg), file: redact(process.env.BENCH_DB!), seeded: false };
  }
  if (process.env.BENCH_DB)
    return { db: openDb(process.env.BENCH_DB), file: process.env.BENCH_DB, seeded: false };
  const machines = num('BENCH_MACHINES', 5000);
  const days = num('BENCH_DAYS', 365);
  const file = path.join(os.tmpdir(), `bench-stats-${process.pid}.db`);
  const db = openDb(file);
  const started = performance.now();
  const r = await bulkLoad(db, {
    seed: 1,
    machines,
    days,
    finalStatusOnly: true,
    clientId: 'bench-client',
    onDay: ({ day, trades }) => {
      if (day % 10 === 0 || day === days)
        process.stdout.write(
          `\rseeding ${file}: day ${day}/${days}, ${trades.toLocaleString('en')} trades`,
        );
    },
  });
  const s = (performance.now() - started) / 1000;
  console.log(
    `\nseeded ${machines} machines, ${r.trades.toLocaleString('en')} trades in ${s.toFixed(0)} s`,
  );
  return { db, file, seeded: true };
}

const { db, file, seeded } = await database();
const pool = () => (db as unknown as PgDb).$client;
/** The first column of a statement's rows, on either engine (SQL both understand). */
async function column<T>(sql: string): Promise<T[]> {
  if (!onPg) return db.$client.prepare(sql).pluck().all() as T[];
  const r = await pool().query({ text: sql, rowMode: 'array' });
  return (r.rows as unknown[][]).map((row) => row[0] as T);
}
const count = async (sql: string) => Number((await column<number>(sql))[0] ?? 0);
const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const machines = await count('select count(*) from machines');
const trades = await count('select count(*) from trades');
const rollups = await count('select count(*) from sales_rollups');
const bytes = onPg
  ? await count('select pg_database_size(current_database())')
  : size(file) + size(`${file}-wal`);
console.log(
  `size: ${machines.toLocaleString('en')} machines, ${trades.toLocaleString('en')} trades, ` +
    `${rollups.toLocaleString('en')} rollup rows; ${file} ${mb(bytes)}` +
    (onPg ? ' (PostgreSQL)' : ''),
);

// Two years: the 365 local days up to the last day with trades (no month boundary lines up
// with its ends: the rollups' worst case), and the twelve whole months before that month.
const latest = await count(
  'select max(coalesce(pay_time, create_time)) from trades where pay_status = 1',
);
const lastDay = startOfDay(new TZDate(latest * 1000, timeZone));
const month = startOfMonth(lastDay);
const sec = (d: Date) => Math.floor(d.getTime() / 1000);
const RANGES = [
  { name: '365 days', startTime: sec(subDays(lastDay, 365)), endTime: sec(lastDay) - 1 },
  { name: '12 months', startTime: sec(subMonths(month, 12)), endTime: sec(month) - 1 },
];
const fmt = (t: number) => format(new TZDate(t * 1000, timeZone), 'yyyy-MM-dd HH:mm');
for (const r of RANGES) {
  const { spans } = (
    await aggregate(db, {
      ...r,
      scope: { assets: null, goods: null, pays: null },
      by: ['pay'],
      timeZone,
    })
  ).plan;
  console.log(
    `${r.name}: ${fmt(r.startTime)} … ${fmt(r.endTime + 1)} (${timeZone}), read as ` +
      [...spans]
        .sort((a, b) => a.from - b.from)
        .map((s) => `${s.level} ${Math.round((s.to - s.from) / 3600)} h`)
        .join(' + '),
  );
}

/** Each run awaited: the queries are async on both engines (D103). */
async function time<T>(fn: () => Promise<T>, runs: number, warm: number) {
  for (let i = 0; i < warm; i++) await fn();
  const ms: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const pct = (p: number) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)]!;
  return { p50: pct(50), p95: pct(95), result: last as T };
}

const firstPage = await column<string>(
  'select asset_id from machines order by asset_id limit 1000',
);
const QUERIES: {
  name: string;
  run: (
    range: { startTime: number; endTime: number },
    source: 'rollups' | 'raw',
  ) => Promise<unknown>;
}[] = [
  {
    name: '§5.1 fleet total (GET /api/v1/stats/sales total)',
    run: async (range, source) =>
      await totalStatistic(db, { ...range, assets: null, timeZone, source }),
  },
  {
    name: 'statistics page (GET …/stats/sales/report)',
    run: async (range, source) =>
      await salesReport(db, range, { timeZone, source, machineLimit: 10_000 }),
  },
  {
    name: '§5.1 per asset, first 1,000 machines',
    run: async (range, source) =>
      await salesStatistic(db, { ...range, assetIds: firstPage, timeZone, source }),
  },
];

const ms = (v: number) => `${v.toFixed(1).padStart(8)} ms`;
for (const r of RANGES) {
  const range = { startTime: r.startTime, endTime: r.endTime };
  console.log(
    `\na year over the fleet, ${r.name}: rollups ×${RUNS}, raw scan of the trades ×${RAW_RUNS}, same run`,
  );
  for (const q of QUERIES) {
    const fast = await time(() => q.run(range, 'rollups'), RUNS, 2);
    const raw = await time(() => q.run(range, 'raw'), RAW_RUNS, 0);
    const exact = isDeepStrictEqual(fast.result, raw.result);
    console.log(
      `${q.name.padEnd(48)} rollups p50 ${ms(fast.p50)} p95 ${ms(fast.p95)}   raw p50 ${ms(raw.p50)} p95 ${ms(raw.p95)}   ` +
        `ratio ${(fast.p50 / raw.p50).toPrecision(2)} (${(raw.p50 / fast.p50).toFixed(0)}× faster)   equal ${exact ? 'yes' : 'NO'}`,
    );
    if (!exact) process.exitCode = 1;
  }
}
console.log(
  onPg
    ? 'target on PostgreSQL: a year over 5,000 machines ≤ 300 ms p95 (the statistics page), answers equal'
    : 'target: a year over 5,000 machines ≤ 150 ms p95 (the statistics page), answers equal',
);

if (onPg) await pool().end();
else db.$client.close();
if (seeded && process.env.BENCH_KEEP !== '1') {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  console.log(`deleted ${file}`);
}
