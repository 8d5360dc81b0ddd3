import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { openDb } from '@/lib/db';
import { tradeMessage } from '@/e2e/support/messages';
import { signedBody } from '@/e2e/support/push';
import { startServer, type RunningServer } from '@/e2e/support/server';
import { bulkLoad } from '@/scripts/bulk-load';
import type { ReaderStats, ReadersInput } from './isolation-readers';
import { ensureBenchAdmin, ensureBuild, loadavg, pct } from './support';

/**
 * `npm run bench:isolation [-- --seconds 20 --rate 500 --clients 200 --reports 8 --inline]`
 *
 * Does a push wait for the readers (issue 16, D60)? Signed trade pushes at a steady rate
 * (open loop: sent on schedule whether or not earlier ones were answered) against the
 * production server, first alone, then, in the same run, while `--reports` clients each ask for
 * a three-year daily sales report (a different window each, so no two share an answer) and
 * `--clients` clients poll the overview, each asking again as soon as it is answered. Prints
 * the pushes' p50/p99 in both phases and their ratio, and the overview's p50/p99 and timeouts.
 * `--inline` measures the same against READ_WORKERS=0 (every read on the pushes' thread: the
 * design before D60) after the main run. `BENCH_DB=/path` uses a database seeded with
 * `npm run seed:scale` (5,000 machines, a year); without it 5,000 machines and `--days` of
 * history are seeded under /tmp and removed afterwards.
 */
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    rate: { type: 'string', default: '500' },
    clients: { type: 'string', default: '200' },
    reports: { type: 'string', default: '8' },
    days: { type: 'string', default: '30' },
    inline: { type: 'boolean', default: false },
  },
});
const num = (name: string, v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
};
const SECONDS = num('seconds', values.seconds);
const RATE = num('rate', values.rate);
const CLIENTS = num('clients', values.clients);
const REPORTS = num('reports', values.reports);
const TIMEOUT_MS = 10_000;

ensureBuild();

async function database(): Promise<{ file: string; cleanup: () => void }> {
  if (process.env.BENCH_DB) {
    if (!fs.existsSync(process.env.BENCH_DB))
      throw new Error(`BENCH_DB ${process.env.BENCH_DB} does not exist`);
    return { file: process.env.BENCH_DB, cleanup: () => {} };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vending-bench-isolation-'));
  const file = path.join(dir, 'vending.db');
  const days = Math.max(1, num('days', values.days));
  console.log(`seeding 5000 machines with ${days} days of history into ${file} (or set BENCH_DB)`);
  const db = openDb(file);
  await bulkLoad(db, {
    seed: 1,
    machines: 5000,
    days,
    finalStatusOnly: true,
    clientId: 'bench-client',
  });
  db.$client.close();
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

interface PushRun {
  sent: number;
  ok: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
}

let batch = 0;

/** Trades pushed at `rate` per second for `seconds`, on schedule; each push's latency. */
async function pushes(server: RunningServer, assets: string[], seconds: number): Promise<PushRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  let sent = 0;
  let failed = 0;
  const inFlight = new Set<Promise<void>>();
  // Signed before the clock starts, so the bench's own work (and garbage) is not timed.
  const now = Math.floor(Date.now() / 1000);
  const bodies = Array.from({ length: seconds * RATE + RATE }, (_, i) =>
    signedBody(
      server,
      tradeMessage(`iso-${process.pid}-${now}-${++batch}-${i}`, assets[i % assets.length]!, {
        payTime: String(now + Math.floor(i / RATE)),
        createTime: String(now + Math.floor(i / RATE)),
        exec_ts: String(now + Math.floor(i / RATE)),
      }),
    ),
  );
  const send = () => {
    const body = bodies[sent++]!;
    const started = performance.now();
    const p = new Promise<void>((resolve) => {
      const req = http.request(
        `${server.url}/api/notify/trade`,
        { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.once('end', () => {
            if (res.statusCode === 200) latencies.push(performance.now() - started);
            else failed++;
            resolve();
          });
        },
      );
      req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error('timeout')));
      req.once('error', () => {
        failed++;
        resolve();
      });
      req.end(body);
    });
    inFlight.add(p);
    void p.then(() => inFlight.delete(p));
  };
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    const due = Math.floor(((performance.now() - start) / 1000) * RATE);
    while (sent < due) send();
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  agent.destroy();
  const s = sorted(latencies);
  return { sent, ok: s.length, failed, p50: pct(s, 50), p99: pct(s, 99), max: s.at(-1) ?? NaN };
}

/** The readers on a thread of their own (bench/isolation-readers.ts). */
function readers(input: ReadersInput): Promise<{ overview: ReaderStats; reports: ReaderStats }> {
  const worker = new Worker(new URL('../lib/reads/worker-boot.mjs', import.meta.url), {
    workerData: { ...input, entry: new URL('./isolation-readers.ts', import.meta.url).href },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

const f = (ms: number) => `${ms.toFixed(1).padStart(7)} ms`;

async function run(file: string, env: Record<string, string>, label: string) {
  const server = await startServer(
    { SYNC_INTERVAL_S: '0', SAAS_POLL_SECONDS: '0', FORECAST_FIT_MIN: '0', ...env },
    'server.ts',
    {
      databaseFile: file,
    },
  );
  try {
    const db = new Database(file, { readonly: true });
    const assets = db
      .prepare('select asset_id from machines order by asset_id limit 200')
      .pluck()
      .all() as string[];
    const machines = db.prepare('select count(*) from machines').pluck().get() as number;
    db.close();
    const now = Math.floor(Date.now() / 1000);
    const reportPaths = Array.from({ length: REPORTS }, (_, i) => {
      const endTime = now - i * 86_400;
      return `/api/v1/stats/sales/report?startTime=${endTime - 1095 * 86_400}&endTime=${endTime}&granularity=day`;
    });
    console.log(`\n${label}: ${machines.toLocaleString('en')} machines, load average ${loadavg()}`);
    await pushes(server, assets, 3); // warm-up
    const alone = await pushes(server, assets, SECONDS);
    const readersDone = readers({
      url: server.url,
      cookie: server.admin!.cookie,
      overviewClients: CLIENTS,
      reportPaths,
      durationMs: SECONDS * 1000 + 2000,
      timeoutMs: TIMEOUT_MS,
    });
    await new Promise((r) => setTimeout(r, 1000)); // the readers connect and start asking
    const withReaders = await pushes(server, assets, SECONDS);
    const { overview, reports } = await readersDone;
    const o = sorted(overview.latencies);
    const r = sorted(reports.latencies);
    console.log(
      `pushes at ${RATE}/s for ${SECONDS} s, alone:        p50 ${f(alone.p50)}   p99 ${f(alone.p99)}   max ${f(alone.max)}   ok ${alone.ok}/${alone.sent}`,
    );
    console.log(
      `pushes at ${RATE}/s for ${SECONDS} s, with readers: p50 ${f(withReaders.p50)}   p99 ${f(withReaders.p99)}   max ${f(withReaders.max)}   ok ${withReaders.ok}/${withReaders.sent}`,
    );
    console.log(
      `overview, ${CLIENTS} clients: ${o.length} answers (${(o.length / (SECONDS + 2)).toFixed(0)}/s)   p50 ${f(pct(o, 50))}   p99 ${f(pct(o, 99))}   timeouts ${overview.timeouts}   errors ${overview.errors}   statuses ${JSON.stringify(overview.statuses)}`,
    );
    console.log(
      `3-year daily report, ${REPORTS} clients: ${r.length} answers   p50 ${f(pct(r, 50))}   p99 ${f(pct(r, 99))}   timeouts ${reports.timeouts}   statuses ${JSON.stringify(reports.statuses)}`,
    );
    const ratio = withReaders.p99 / alone.p99;
    const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(
      `ratio push p99 with readers / alone: ${ratio.toFixed(2)}  (targets: ≤ 2 ${met(ratio <= 2)}; push p99 ≤ 50 ms ${met(withReaders.p99 <= 50)}; ` +
        `overview p99 ≤ 500 ms ${met(pct(o, 99) <= 500)} with 0 timeouts ${met(overview.timeouts === 0)})`,
    );
    console.log(`load average after: ${loadavg()}`);
  } finally {
    await server.stop();
  }
}

const { file, cleanup } = await database();
try {
  await ensureBenchAdmin(file);
  console.log(`${os.cpus().length} CPUs; pushes from this thread, readers from another`);
  await run(file, {}, 'reader threads (READ_WORKERS=2, REPORT_WORKERS=1)');
  if (values.inline)
    await run(file, { READ_WORKERS: '0' }, 'every read on the main thread (READ_WORKERS=0)');
} finally {
  cleanup();
}
