import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PG_MIGRATIONS_DIR } from '@/db/engine/postgres/client';

/**
 * A throwaway PostgreSQL cluster for tests (docs/decisions.md D99): its own directory, its own
 * loopback port, no service manager, durability off (it is thrown away). Debian's server
 * binaries refuse to run as root, so as root they run as `postgres` through runuser.
 */
export interface PgCluster {
  /** postgres://postgres@127.0.0.1:<port>/vending, trust authentication. */
  url: string;
  /** Stops the server at once and removes its directory; safe to call twice. */
  stop: () => void;
}

const ROOT_DIR = '/usr/lib/postgresql';
const DATABASE = 'vending';
const running = new Set<() => void>();

/** The newest installed server's bin directory. */
export function pgBinDir(): string {
  const versions = fs.existsSync(ROOT_DIR)
    ? fs
        .readdirSync(ROOT_DIR)
        .filter((v) => fs.existsSync(path.join(ROOT_DIR, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      `no PostgreSQL server under ${ROOT_DIR}/*/bin: install Debian's postgresql package (.ci/run does)`,
    );
  }
  return path.join(ROOT_DIR, versions[0]!, 'bin');
}

const asRoot = process.getuid?.() === 0;

/**
 * Where clusters go: PG_CLUSTER_PARENT when set (a benchmark's fleet larger than memory, D115);
 * else memory (/dev/shm) when there is one, as nothing of a throwaway cluster need survive; a
 * copy there takes a tenth of the time it takes on a disk other tests are writing to.
 */
function defaultParent(): string {
  if (process.env.PG_CLUSTER_PARENT) return process.env.PG_CLUSTER_PARENT;
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}

/** Runs a command as the server's user: `postgres` when we are root, else ourselves. */
function run(bin: string, args: string[]): void {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  try {
    execFileSync(cmd, argv, { stdio: 'pipe' });
  } catch (e) {
    const err = e as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(
      `${path.basename(bin)} failed: ${err.stderr?.toString() || err.stdout?.toString() || e}`,
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * pg_ctl start on a free port; another process may take the port between the look and the
 * start, so a bind failure tries another one.
 */
async function startServer(bin: string, data: string, dir: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const options = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${dir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      // A benchmark's own settings, e.g. '-c shared_buffers=2GB' (D115).
      process.env.PG_CLUSTER_OPTIONS ?? '',
    ].join(' ');
    const log = path.join(dir, 'log');
    try {
      run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-o', options, 'start']);
      return port;
    } catch (e) {
      const taken =
        fs.existsSync(log) && /could not bind|already in use/.test(fs.readFileSync(log, 'utf8'));
      if (!taken || attempt === 3) throw e;
      fs.rmSync(log, { force: true });
    }
  }
}

/** A new directory the server's user owns. */
function tempDir(parent: string, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(parent, prefix));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    fs.chownSync(dir, uid, gid);
  }
  return dir;
}

/**
 * initdb's output, made once per machine and server version and copied for each cluster:
 * initdb is most of a start (1–4 s on 2 busy cores), a copy of its 40 MB a fraction of that.
 * Made aside and renamed into place, so a process never sees half of one.
 */
function template(bin: string, parent: string): string {
  const owner = asRoot ? 'postgres' : os.userInfo().username;
  const version = path.basename(path.dirname(bin));
  const dir = path.join(parent, `pg-cluster-template-v1-${version}-${owner}`);
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return dir;
  const aside = tempDir(parent, 'pg-cluster-template-new-');
  try {
    const data = path.join(aside, 'data');
    // --no-sync: a throwaway cluster need not reach the disk.
    run(path.join(bin, 'initdb'), [
      '-D',
      data,
      '--auth=trust',
      '-U',
      'postgres',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
    try {
      fs.renameSync(data, dir);
    } catch {
      // Another process put its own in place first: the same thing.
    }
  } finally {
    fs.rmSync(aside, { recursive: true, force: true });
  }
  return dir;
}

export interface PgClusterOptions {
  /** The directory to make the cluster in: /dev/shm (memory) by default, else the temp dir. */
  parent?: string;
}

export async function startPgCluster(o: PgClusterOptions = {}): Promise<PgCluster> {
  const bin = pgBinDir();
  const parent = o.parent ?? defaultParent();
  const dir = tempDir(parent, 'pg-cluster-');
  const data = path.join(dir, 'data');
  let started = false;
  const stop = () => {
    if (!running.delete(stop)) return;
    if (started) {
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already gone: nothing to stop.
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  running.add(stop);
  try {
    run('cp', ['-a', template(bin, parent), data]);
    started = true;
    const port = await startServer(bin, data, dir);
    const admin = new pg.Client({
      host: '127.0.0.1',
      port,
      user: 'postgres',
      database: 'postgres',
    });
    await admin.connect();
    try {
      await admin.query(`create database ${DATABASE}`);
    } finally {
      await admin.end();
    }
    return { url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`, stop };
  } catch (e) {
    const log = path.join(dir, 'log');
    const tail = fs.existsSync(log) ? `\n${fs.readFileSync(log, 'utf8').slice(-2000)}` : '';
    stop();
    throw new Error(`${(e as Error).message}${tail}`);
  }
}

function stopAll() {
  for (const stop of [...running]) stop();
}

// A test process that ends without stopping its clusters must not leave servers running.
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopAll();
    process.kill(process.pid, signal);
  });
}

/** How many migrations PostgreSQL's journal lists: what a migrated database has applied. */
export function pgJournalLength(): number {
  const file = path.join(PG_MIGRATIONS_DIR, 'meta', '_journal.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: unknown[] }).entries.length;
}
