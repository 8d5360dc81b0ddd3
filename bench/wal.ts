import fs from 'node:fs';
import autocannon from 'autocannon';
import { startServer } from '@/e2e/support/server';
import { signedBody } from '@/e2e/support/push';
import { tradeMessage } from '@/e2e/support/messages';
import { ensureBuild, loadavg } from './support';

/**
 * `npm run bench:wal`: signed trade pushes at a steady WAL_BENCH_RATE (3,000/s) for
 * BENCH_SECONDS, the WAL file's size sampled every 50 ms: once with the WAL bound off
 * (WAL_MAX_MB huge: the PASSIVE checkpointer alone, as before D90) and once with the default
 * bound, in the same run. Prints the peak WAL size, the rate reached and the push p99.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.WAL_BENCH_RATE ?? 3000);

ensureBuild();

let sequence = 0;
async function measure(env: Record<string, string>) {
  const server = await startServer({ LOG_REQUESTS: 'off', ...env });
  const wal = `${server.databaseFile}-wal`;
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, fs.statSync(wal).size);
    } catch {
      // not there yet
    }
  }, 50);
  try {
    const result = await autocannon({
      url: `${server.url}/api/notify/trade`,
      connections: 32,
      duration: SECONDS,
      overallRate: RATE,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => {
            const id = `WAL-${process.pid}-${++sequence}`;
            return { ...req, body: signedBody(server, tradeMessage(id, `WAL-${sequence % 500}`)) };
          },
        },
      ],
    });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const truncates = /vending_wal_checkpoint_seconds_count\{mode="TRUNCATE"\} (\d+)/.exec(metrics);
    return {
      peakMb: peak / 1024 / 1024,
      endMb: (fs.existsSync(wal) ? fs.statSync(wal).size : 0) / 1024 / 1024,
      rate: result.requests.average,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      truncates: Number(truncates?.[1] ?? 0),
    };
  } finally {
    clearInterval(sampler);
    await server.stop();
  }
}

const off = await measure({ WAL_MAX_MB: '100000' });
const on = await measure({});
const row = (name: string, r: Awaited<ReturnType<typeof measure>>) =>
  `${name.padEnd(30)} WAL peak ${r.peakMb.toFixed(1).padStart(6)} MB   at end ${r.endMb.toFixed(1).padStart(6)} MB   ` +
  `${r.rate.toFixed(0).padStart(5)} pushes/s   p99 ${String(r.p99).padStart(4)} ms   non-2xx ${r.non2xx}   TRUNCATE checkpoints ${r.truncates}`;
console.log(`\ntrade pushes at ${RATE}/s asked, ${SECONDS} s, load ${loadavg()}`);
console.log(row('PASSIVE only (bound off)', off));
console.log(row('bounded (WAL_MAX_MB 64)', on));
