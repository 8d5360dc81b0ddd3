import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * The readers of `npm run bench:isolation`, on a thread of their own so that their work never
 * delays the bench's pushes or their timing: `overviewClients` clients each asking for the
 * overview again as soon as it answers, and one client per report path doing the same.
 */
export interface ReadersInput {
  url: string;
  cookie: string;
  overviewClients: number;
  reportPaths: string[];
  durationMs: number;
  timeoutMs: number;
}

export interface ReaderStats {
  latencies: number[];
  timeouts: number;
  errors: number;
  statuses: Record<string, number>;
}

const input = workerData as ReadersInput & { entry: string };
const agent = new http.Agent({ keepAlive: true, maxSockets: input.overviewClients + 16 });

function get(path: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${input.url}${path}`,
      { agent, headers: { cookie: input.cookie, 'accept-encoding': 'gzip' } },
      (res) => {
        res.resume();
        res.once('end', () =>
          resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }),
        );
        res.once('error', reject);
      },
    );
    req.setTimeout(input.timeoutMs, () => req.destroy(new Error('timeout')));
    req.once('error', reject);
  });
}

async function client(path: string, stats: ReaderStats, until: number) {
  while (performance.now() < until) {
    try {
      const r = await get(path);
      stats.statuses[r.status] = (stats.statuses[r.status] ?? 0) + 1;
      if (r.status === 200) stats.latencies.push(r.ms);
    } catch (e) {
      if ((e as Error).message === 'timeout') stats.timeouts++;
      else stats.errors++;
    }
  }
}

const empty = (): ReaderStats => ({ latencies: [], timeouts: 0, errors: 0, statuses: {} });
const overview = empty();
const reports = empty();
const until = performance.now() + input.durationMs;
await Promise.all([
  ...Array.from({ length: input.overviewClients }, () =>
    client('/api/v1/overview', overview, until),
  ),
  ...input.reportPaths.map((p) => client(p, reports, until)),
]);
agent.destroy();
parentPort!.postMessage({ overview, reports });
