import { spawn } from 'node:child_process';
import { startPgCluster } from './pg-cluster';

/**
 * `tsx e2e/support/with-pg.ts <command…>`: runs the command with a throwaway PostgreSQL cluster
 * as its database (E2E_DATABASE_URL, E2E_ENGINE=postgres) and stops the cluster when it ends,
 * however it ends. `npm run test:e2e:pg` runs the browser suite this way (D116): Playwright's
 * web server and its specs then share the one cluster, as they share one SQLite file otherwise.
 */
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-pg.ts <command> [args…]');
  process.exit(2);
}
const cluster = await startPgCluster();
let code = 1;
try {
  code = await new Promise<number>((resolve) => {
    const child = spawn(command, args, {
      stdio: 'inherit',
      env: { ...process.env, E2E_ENGINE: 'postgres', E2E_DATABASE_URL: cluster.url },
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.on(signal, () => child.kill(signal));
    child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
} finally {
  cluster.stop();
}
process.exit(code);
