import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '@/db/client';
import { MIGRATIONS_DIR } from '@/db/client';
import { isPg } from '@/db/engine/handle';
import { PG_MIGRATIONS_DIR } from '@/db/engine/postgres/client';
import { appliedMigrations, withBusyTimeout, writeHeartbeat } from '@/db/queries/ops';
import { checkWorkers, type WorkerCheck } from './liveness';

/**
 * /healthz and /readyz (D90): `{status, checks:[{name, ok, detail}]}`, 200 when every check
 * passes, 503 otherwise. Details say what was measured, never a secret or a path outside the
 * database's own directory name.
 */
export type Check = WorkerCheck;
export interface Health {
  status: 'ok' | 'fail';
  checks: Check[];
}

const verdict = (checks: Check[]): Health => ({
  status: checks.every((c) => c.ok) ? 'ok' : 'fail',
  checks,
});

/** Liveness: the process answers. Nothing here may wait on the database. */
export function liveness(): Health {
  return verdict([{ name: 'process', ok: true, detail: `up ${Math.round(process.uptime())} s` }]);
}

export interface ReadinessOptions {
  db: Db;
  /** The SQLite file (its free space is checked); undefined on PostgreSQL, whose disk is its own. */
  file: string | undefined;
  writeDeadlineMs: number;
  minFreeMb: number;
  /** Checks the server adds (the reader threads). */
  extra?: () => Check[];
}

/** SQLite's own words ("database is locked"), not the query Drizzle wraps them in. */
const message = (e: unknown): string =>
  e instanceof Error && e.cause instanceof Error
    ? message(e.cause)
    : e instanceof Error
      ? e.message
      : String(e);

/**
 * The database answers a write within the deadline. The connection's busy timeout is lowered
 * for the one statement, so a database locked by another process costs the event loop at
 * most the deadline, not the usual five seconds.
 */
async function databaseWrite(o: ReadinessOptions): Promise<Check> {
  const started = performance.now();
  try {
    await withBusyTimeout(
      o.db,
      o.writeDeadlineMs,
      async () =>
        await writeHeartbeat(o.db, {
          holder: String(process.pid),
          now: Math.floor(Date.now() / 1000),
        }),
    );
    const ms = performance.now() - started;
    const ok = ms <= o.writeDeadlineMs;
    return {
      name: 'database-write',
      ok,
      detail: ok
        ? `a write took ${ms.toFixed(1)} ms`
        : `a write took ${ms.toFixed(0)} ms, more than the ${o.writeDeadlineMs} ms allowed`,
    };
  } catch (e) {
    const ms = performance.now() - started;
    return {
      name: 'database-write',
      ok: false,
      detail: `the database refused a write after ${ms.toFixed(0)} ms: ${message(e)}`,
    };
  }
}

const journals = new Map<string, { n: number; last: number; tag: string }>();
/** The migrations the code expects: SQLite's journal, or PostgreSQL's on that engine (D111). */
function expectedMigrations(db: Db) {
  const dir = isPg(db) ? PG_MIGRATIONS_DIR : MIGRATIONS_DIR;
  let journal = journals.get(dir);
  if (!journal) {
    const file = path.join(dir, 'meta', '_journal.json');
    const entries = (
      JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: { when: number; tag: string }[] }
    ).entries;
    const last = entries[entries.length - 1]!;
    journal = { n: entries.length, last: last.when, tag: last.tag };
    journals.set(dir, journal);
  }
  return journal;
}

async function migrations(db: Db): Promise<Check> {
  try {
    const want = expectedMigrations(db);
    const got = await appliedMigrations(db);
    const ok = got.n >= want.n && Number(got.last) >= want.last;
    return {
      name: 'migrations',
      ok,
      detail: ok
        ? `${got.n} applied, the newest ${want.tag}`
        : `${got.n} of ${want.n} applied: ${want.tag} is not (restart to apply)`,
    };
  } catch (e) {
    return { name: 'migrations', ok: false, detail: `cannot read them: ${message(e)}` };
  }
}

function disk(o: ReadinessOptions & { file: string }): Check {
  try {
    const s = fs.statfsSync(path.dirname(path.resolve(o.file)));
    const freeMb = Math.floor((s.bavail * s.bsize) / (1024 * 1024));
    const ok = freeMb >= o.minFreeMb;
    return {
      name: 'disk',
      ok,
      detail: `${freeMb} MB free beside the database (${ok ? 'at least' : 'less than'} READYZ_MIN_FREE_MB ${o.minFreeMb})`,
    };
  } catch (e) {
    return { name: 'disk', ok: false, detail: `cannot read the free space: ${message(e)}` };
  }
}

/** Readiness: the database writes in time, migrations are current, workers beat, disk has room. */
export async function readiness(o: ReadinessOptions): Promise<Health> {
  return verdict([
    await databaseWrite(o),
    await migrations(o.db),
    // PostgreSQL's disk is the server's: its own monitoring watches it, not this process.
    ...(o.file === undefined ? [] : [disk({ ...o, file: o.file })]),
    ...checkWorkers(),
    ...(o.extra?.() ?? []),
  ]);
}
