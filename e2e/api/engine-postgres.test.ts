import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch } from '../support/auth';
import { startPgCluster, type PgCluster } from '../support/pg-cluster';
import { OUTSIDE_NEXT, startServer, TSX, type RunningServer } from '../support/server';

// The production server on PostgreSQL (D111), whichever engine the rest of the suite runs on:
// it migrates the database at start, answers health from PostgreSQL's journal, says what is
// SQLite's only (backups, the WAL, reader threads) instead of failing, and counts failed
// sign-ins in the database.
const ROOT = path.resolve(import.meta.dirname, '..', '..');
let cluster: PgCluster;
let server: RunningServer;

function script(name: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; out: string; err: string }>((resolve) => {
    const child = spawn(TSX, [...OUTSIDE_NEXT, `scripts/${name}.ts`, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

beforeAll(async () => {
  cluster = await startPgCluster();
  server = await startServer({}, 'server.ts', { databaseUrl: cluster.url });
});
afterAll(async () => {
  await server?.stop();
  cluster?.stop();
});

describe('the server on PostgreSQL', () => {
  it('starts on a new database, migrating it, and is ready by its own checks', async () => {
    expect(server.engine).toBe('postgres');
    const r = await fetch(`${server.url}/readyz`);
    const body = (await r.json()) as { status: string; checks: { name: string; ok: boolean }[] };
    expect(r.status, JSON.stringify(body)).toBe(200);
    const names = body.checks.map((c) => c.name);
    expect(names).toContain('database-write');
    expect(names).toContain('migrations');
    // SQLite's: no file beside which to measure the disk, no WAL, no reader threads.
    expect(names).not.toContain('disk');
    expect(names).not.toContain('worker:wal-checkpointer');
    expect(names.some((n) => n.startsWith('readers:'))).toBe(false);
  });

  it('serves pages and the API from the database (the first admin was created in it)', async () => {
    const me = await authedFetch(server.admin!, '/api/auth/me');
    expect(me.status).toBe(200);
    const page = await authedFetch(server.admin!, '/admin/settings');
    expect(page.status).toBe(200);
  });

  it("says backups are PostgreSQL's own: the API with its code, the scripts refuse", async () => {
    const r = await authedFetch(server.admin!, '/api/v1/backups');
    expect(r.status).toBe(409);
    const body = (await r.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('BACKUPS_BY_ENGINE');
    expect(body.error.message).toMatch(/PostgreSQL/);
    for (const [name, args] of [
      ['backup', []],
      ['restore', ['/nonexistent.db']],
    ] as const) {
      const s = await script(name, [...args], { DATABASE_URL: cluster.url });
      expect(s.code, name).toBe(1);
      expect(s.err, name).toMatch(/backups are taken by PostgreSQL itself/);
    }
  });

  it('locks an account out after five failed sign-ins, counted in the database', async () => {
    const attempt = (password: string) =>
      fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ email: 'nobody@test.local', password }),
      });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong-password-1')).status).toBe(401);
    const locked = await attempt('wrong-password-1');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('npm run db:migrate applies nothing twice and names no password', async () => {
    const s = await script('migrate', [], { DATABASE_URL: cluster.url });
    expect(s.code, s.err).toBe(0);
    expect(s.out).toMatch(/migrations applied to postgres:\/\/127\.0\.0\.1/);
  });
});

describe('a malformed PostgreSQL URL', () => {
  it('stops the start with a message naming what is wrong', async () => {
    const s = await script('migrate', [], { DATABASE_URL: 'postgres://u@db:notaport/fleet' });
    expect(s.code).not.toBe(0);
    expect(s.err).toMatch(/DATABASE_URL: is not a valid PostgreSQL URL/);
  });

  it('an unreachable database is said plainly at start', async () => {
    await expect(
      startServer({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/vending' }, 'server.ts', {
        databaseUrl: 'postgres://postgres@127.0.0.1:1/vending',
        signIn: false,
      }),
    ).rejects.toThrow(/cannot open the PostgreSQL database/);
  });
});
