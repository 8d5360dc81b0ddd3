import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signIn, TEST_ADMIN, TEST_APP_SECRET, type Session } from './auth';
import { startPgCluster, type PgCluster } from './pg-cluster';

/**
 * The engine the integration suite's servers run on: `E2E_ENGINE=postgres` (npm run
 * test:integration:pg) gives each started server its own throwaway PostgreSQL cluster (D111);
 * otherwise each gets a new SQLite file.
 */
export const E2E_ENGINE: 'sqlite' | 'postgres' =
  process.env.E2E_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

export interface RunningServer {
  url: string;
  /** The SQLite file (on PostgreSQL: a path in the server's temp directory that is never made). */
  databaseFile: string;
  /** The server's DATABASE_URL: the file, or the PostgreSQL URL. */
  databaseUrl: string;
  engine: 'sqlite' | 'postgres';
  clientId: string;
  key: string;
  /** The first admin's session (the app's own server only). */
  admin?: Session;
  stop: () => Promise<void>;
  /** Ends the server at once, as a crash would (no shutdown). */
  kill: () => Promise<void>;
  /** The id of the process that serves (tsx runs server.ts in a child node process). */
  pid: () => number;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** tsx, and the flags that let lib/'s server modules load outside Next (D98), as npm runs it. */
export const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
export const OUTSIDE_NEXT = ['--import', path.join(ROOT, 'lib', 'ops', 'outside-next.mjs')];

export interface ServerOptions {
  /**
   * An existing database (e.g. one seeded at scale for a benchmark) instead of a new one; the
   * server migrates it at start, and stopping leaves it in place.
   */
  databaseFile?: string;
  /**
   * An existing PostgreSQL database (postgres://…) the server uses instead of a new cluster
   * (several servers on one database); stopping leaves it running.
   */
  databaseUrl?: string;
  /** false: do not sign the first admin in (a server whose database refuses writes). */
  signIn?: boolean;
}

/**
 * Starts the production server (`npm start`: server.ts over the `next build` output) on a free
 * loopback port with a new database built by the real migrations. `script` names another
 * server with the same contract (the benchmark's baseline).
 */
export async function startServer(
  env: Record<string, string> = {},
  script = 'server.ts',
  options: ServerOptions = {},
): Promise<RunningServer> {
  if (script === 'server.ts' && !fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    throw new Error('no production build: run `npm run build` first (npm test does)');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vending-test-'));
  const databaseFile = options.databaseFile
    ? path.resolve(options.databaseFile)
    : path.join(dir, 'vending.db');
  // On PostgreSQL the database path names a cluster instead of a file: a new one per server,
  // or the one already started for that path (a server restarted on "the same database", two
  // servers given one path). It is stopped when the last server on it stops (a kill, as a
  // crash, leaves it, as it leaves a file; the test process's exit stops what is left).
  const cluster =
    !options.databaseUrl && E2E_ENGINE === 'postgres' && script === 'server.ts'
      ? await clusterFor(databaseFile)
      : undefined;
  const databaseUrl = options.databaseUrl ?? cluster?.url ?? databaseFile;
  const clientId = 'test-client';
  const key = 'test-key-0123456789';
  const child = spawn(TSX, [...OUTSIDE_NEXT, script], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SMARTVENDING_CLIENT_ID: clientId,
      SMARTVENDING_KEY: key,
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      APP_SECRET: TEST_APP_SECRET,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let url: string;
  try {
    url = await waitForReady(child);
  } catch (e) {
    // A server that did not start in time is not left running behind the failed test.
    if (child.exitCode === null && child.signalCode === null) {
      for (const pid of childrenOf(child.pid!)) process.kill(pid, 'SIGKILL');
      child.kill('SIGKILL');
    }
    if (cluster) releaseCluster(databaseFile);
    throw e;
  }
  const admin =
    script === 'server.ts' && options.signIn !== false
      ? await signIn(url, TEST_ADMIN.email, TEST_ADMIN.password)
      : undefined;
  return {
    url,
    admin,
    databaseFile,
    databaseUrl,
    engine: databaseUrl.startsWith('postgres') ? 'postgres' : 'sqlite',
    clientId,
    key,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // tsx exits as soon as its child dies: listen before killing anything.
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // tsx runs the server in a child node process: kill that first, as a crash would.
      const inner = childrenOf(child.pid!);
      for (const pid of inner) process.kill(pid, 'SIGKILL');
      // Dead once gone or a zombie (a killed process its parent has not reaped yet).
      const gone = (pid: number) => {
        try {
          const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
          return stat[stat.lastIndexOf(')') + 2] === 'Z';
        } catch {
          return true;
        }
      };
      while (!inner.every(gone)) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      await exited;
    },
    pid: () => childrenOf(child.pid!)[0] ?? child.pid!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (cluster) releaseCluster(databaseFile);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Servers started by this test process and not yet exited. */
const live = new Set<ChildProcess>();

// A test process that ends without stopping its servers (a beforeAll that failed after starting
// one of two) must not leave them running: one was found at 80% CPU a quarter of an hour later.
process.on('exit', () => {
  for (const child of live) {
    try {
      for (const pid of childrenOf(child.pid!)) process.kill(pid, 'SIGKILL');
      child.kill('SIGKILL');
    } catch {
      // Gone between the look and the kill.
    }
  }
});

const clusters = new Map<string, { cluster: Promise<PgCluster>; users: number }>();

/**
 * Keeps the database at `file` until the answered release is called: on PostgreSQL its cluster
 * then outlives the servers stopped on it (a test reading what a stopped server left behind, as
 * it reads a file); on SQLite the file stays anyway.
 */
export async function holdDatabase(file: string): Promise<() => void> {
  if (E2E_ENGINE !== 'postgres') return () => undefined;
  const resolved = path.resolve(file);
  await clusterFor(resolved);
  return () => releaseCluster(resolved);
}

/** The throwaway cluster standing for the database at `file` (E2E_ENGINE=postgres). */
async function clusterFor(file: string): Promise<PgCluster> {
  let entry = clusters.get(file);
  if (!entry) {
    entry = { cluster: startPgCluster(), users: 0 };
    clusters.set(file, entry);
  }
  entry.users += 1;
  return entry.cluster;
}

function releaseCluster(file: string) {
  const entry = clusters.get(file);
  if (!entry || --entry.users > 0) return;
  clusters.delete(file);
  void entry.cluster.then((c) => c.stop());
}

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // no child: the server is the process itself
  }
}

function waitForReady(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    // Once ready, the pipes are still drained (a full pipe would stall the server's log) but
    // no longer kept: a line per request would otherwise pile up here.
    // E2E_SERVER_LOG=<file>: every server's output appended there, to see why a test failed.
    const log = process.env.E2E_SERVER_LOG;
    const onData = (chunk: Buffer) => {
      if (log) fs.appendFileSync(log, chunk);
      if (ready) return;
      output += chunk.toString();
      const m = /ready on (http:\/\/\S+)/.exec(output);
      if (m) {
        ready = true;
        clearTimeout(timer);
        resolve(m[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      if (log) fs.appendFileSync(log, c);
      if (!ready) output += c.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}
