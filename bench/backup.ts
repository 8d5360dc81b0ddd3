import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startServer, type RunningServer } from '@/e2e/support/server';
import { signedBody } from '@/e2e/support/push';
import { tradeMessage } from '@/e2e/support/messages';
import { ensureBenchAdmin, ensureBuild, loadavg } from './support';

/**
 * `npm run bench:backup`: the push p99 at a steady rate without a backup, then while a backup
 * of the same database runs (`npm run backup`, a child process copying in one read
 * transaction: D91), same server, same run; prints both and the ratio (target ≤ 2).
 *   BENCH_DB=/path     the database to back up (e.g. a 5 GB one from `npm run seed:scale`);
 *                      it takes the benchmark's trades. Without it a new, small one.
 *   BENCH_SECONDS=20   each window; BENCH_RATE=500 pushes/s.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const ROOT = path.resolve(import.meta.dirname, '..');

ensureBuild();

let sequence = 0;
async function pushes(server: RunningServer) {
  const prefix = `bb-${Date.now()}`;
  const r = await autocannon({
    url: `${server.url}/api/notify/trade`,
    connections: 16,
    duration: SECONDS,
    overallRate: RATE,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => {
          const id = `${prefix}-${++sequence}`;
          return { ...req, body: signedBody(server, tradeMessage(id, `BENCH-${sequence % 200}`)) };
        },
      },
    ],
  });
  return { p50: r.latency.p50, p99: r.latency.p99, rate: r.requests.average, non2xx: r.non2xx };
}

const file = process.env.BENCH_DB;
if (file) {
  if (!fs.existsSync(file)) throw new Error(`BENCH_DB ${file} does not exist`);
  await ensureBenchAdmin(file);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-backup-'));
const server = await startServer(
  { BACKUP_INTERVAL_H: '0', FORECAST_FIT_MIN: '0' },
  'server.ts',
  file ? { databaseFile: file } : {},
);
try {
  const size = fs.statSync(server.databaseFile).size;
  console.log(`database ${server.databaseFile}: ${(size / 2 ** 30).toFixed(2)} GiB`);
  console.log(`load ${loadavg()}; ${RATE} pushes/s for ${SECONDS} s per window`);
  await pushes(server); // warm-up: the first window must not pay for cold caches alone
  const without = await pushes(server);

  const started = performance.now();
  let finished: number | undefined;
  let maxWal = 0;
  const backup = new Promise<string>((resolve, reject) => {
    const hook = path.join(ROOT, 'lib', 'ops', 'outside-next.mjs'); // as `npm run backup` (D98)
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, ['--import', hook, 'scripts/backup.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: server.databaseFile, BACKUP_DIR: dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', (code) => {
      finished = performance.now();
      if (code === 0) resolve(out.trim());
      else reject(new Error(`backup exited ${code}`));
    });
  });
  const wal = setInterval(() => {
    try {
      maxWal = Math.max(maxWal, fs.statSync(`${server.databaseFile}-wal`).size);
    } catch {
      /* no WAL at this instant */
    }
  }, 250);
  await new Promise((r) => setTimeout(r, 1000));
  const during = await pushes(server);
  const windowEnd = performance.now();
  const printed = await backup;
  clearInterval(wal);
  const took = (finished! - started) / 1000;

  const row = (name: string, r: typeof without) =>
    `${name.padEnd(16)} p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms  ${Math.round(r.rate)}/s  non-2xx ${r.non2xx}`;
  console.log(row('without backup', without));
  console.log(row('during backup', during));
  console.log(printed.split('\n').slice(-2).join('\n'));
  console.log(
    `backup took ${took.toFixed(1)} s; ${finished! > windowEnd ? 'it ran through the whole window' : `it ended ${((windowEnd - finished!) / 1000).toFixed(1)} s before the window did`}; WAL peaked at ${(maxWal / 2 ** 20).toFixed(0)} MiB`,
  );
  console.log(
    `p99 ratio (during / without): ${(during.p99 / without.p99).toFixed(2)} (target ≤ 2)`,
  );
} finally {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
