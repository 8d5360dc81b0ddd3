import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { E2E_ENGINE, startServer, type RunningServer } from '../support/server';
import { TEST_ADMIN } from '../support/auth';
import { postRaw, signedBody } from '../support/push';
import { tradeMessage } from '../support/messages';
import { logLines, sample } from '../support/ops';

const TOKEN = 'metrics-token-0123456789';
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vending-ops-log-'));
const logFile = path.join(logDir, 'app.log');
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ METRICS_TOKEN: TOKEN, LOG_DESTINATION: logFile });
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(logDir, { recursive: true, force: true });
});

interface Health {
  status: string;
  checks: { name: string; ok: boolean; detail: string }[];
}
const health = async (s: RunningServer, p: '/healthz' | '/readyz') => {
  const r = await fetch(`${s.url}${p}`);
  return { status: r.status, body: (await r.json()) as Health };
};
const metrics = (s: RunningServer, headers: Record<string, string> = {}) =>
  fetch(`${s.url}/metrics`, { headers });

describe('/healthz and /readyz', () => {
  it('answer without sign-in, each check named, ok and explained', async () => {
    const live = await health(server, '/healthz');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'ok', checks: [{ name: 'process', ok: true }] });
    const ready = await health(server, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
    const names = ready.body.checks.map((c) => c.name);
    // SQLite's file, WAL and reader threads have no checks on PostgreSQL (D111).
    const sqliteOnly = ['disk', 'worker:wal-checkpointer', 'readers:interactive', 'readers:report'];
    for (const name of ['database-write', 'migrations', 'worker:sync-scheduler', ...sqliteOnly])
      if (E2E_ENGINE === 'sqlite' || !sqliteOnly.includes(name)) expect(names).toContain(name);
      else expect(names).not.toContain(name);
    for (const c of ready.body.checks) {
      expect(c.ok, c.name).toBe(true);
      expect(c.detail.length).toBeGreaterThan(0);
    }
    // No secret and no path beyond what the checks measured.
    expect(JSON.stringify(ready.body)).not.toContain(server.key);
    expect(JSON.stringify(ready.body)).not.toContain(server.databaseFile);
  });

  it.runIf(E2E_ENGINE === 'postgres')(
    '/readyz is 503 while another connection holds a lock its write needs, past the deadline',
    async () => {
      const other = new pg.Client({ connectionString: server.databaseUrl });
      await other.connect();
      await other.query('BEGIN');
      await other.query('LOCK TABLE leases IN EXCLUSIVE MODE');
      try {
        const started = Date.now();
        const ready = await health(server, '/readyz');
        expect(Date.now() - started).toBeLessThan(3000); // the 500 ms deadline
        expect(ready.status).toBe(503);
        const write = ready.body.checks.find((c) => c.name === 'database-write')!;
        expect(write.ok).toBe(false);
        expect(write.detail).toMatch(/(lock|statement) timeout/);
      } finally {
        await other.query('ROLLBACK');
        await other.end();
      }
      expect((await health(server, '/readyz')).status).toBe(200);
    },
  );

  it.runIf(E2E_ENGINE === 'sqlite')(
    '/readyz is 503 while another process holds the write lock past the deadline',
    async () => {
      const other = new Database(server.databaseFile);
      other.pragma('busy_timeout = 5000');
      other.exec('BEGIN IMMEDIATE');
      try {
        const started = Date.now();
        const ready = await health(server, '/readyz');
        expect(Date.now() - started).toBeLessThan(3000); // the 500 ms deadline, not 5 s
        expect(ready.status).toBe(503);
        expect(ready.body.status).toBe('fail');
        const write = ready.body.checks.find((c) => c.name === 'database-write')!;
        expect(write.ok).toBe(false);
        expect(write.detail).toMatch(/locked/);
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
      expect((await health(server, '/readyz')).status).toBe(200);
    },
  );
});

describe('/metrics', () => {
  it('refuses a missing or wrong token with 401 when METRICS_TOKEN is set', async () => {
    const none = await metrics(server);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect((await metrics(server, { authorization: 'Bearer wrong-token-000000000' })).status).toBe(
      401,
    );
    expect((await metrics(server, { authorization: TOKEN })).status).toBe(401);
  });

  it('counts pushes by kind and outcome after a mix of good and refused ones', async () => {
    const before = await (await metrics(server, { authorization: `Bearer ${TOKEN}` })).text();
    const count = (text: string, outcome: string, code = '') =>
      sample(text, 'vending_pushes_received_total', { kind: 'trade', outcome, code });

    const first = signedBody(server, tradeMessage('OPS-1', 'OPS-A'));
    expect((await postRaw(server, 'trade', first)).status).toBe(200);
    expect((await postRaw(server, 'trade', first)).status).toBe(200); // a redelivery
    for (const id of ['OPS-2', 'OPS-3'])
      expect(
        (await postRaw(server, 'trade', signedBody(server, tradeMessage(id, 'OPS-A')))).status,
      ).toBe(200);
    const forged = JSON.parse(signedBody(server, tradeMessage('OPS-4', 'OPS-A'))) as {
      sign: string;
    };
    forged.sign = '0'.repeat(32);
    expect((await postRaw(server, 'trade', JSON.stringify(forged))).status).toBe(401);
    expect((await postRaw(server, 'trade', '{"id": ')).status).toBe(400);
    expect((await postRaw(server, 'trade', '{"id": ')).status).toBe(400);

    const r = await metrics(server, { authorization: `Bearer ${TOKEN}` });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    const after = await r.text();
    expect(count(after, 'accepted') - count(before, 'accepted')).toBe(3);
    expect(count(after, 'duplicate') - count(before, 'duplicate')).toBe(1);
    expect(count(after, 'refused', 'SIGN_INVALID') - count(before, 'refused', 'SIGN_INVALID')).toBe(
      1,
    );
    expect(count(after, 'refused', 'INVALID_JSON') - count(before, 'refused', 'INVALID_JSON')).toBe(
      2,
    );
    const ingest = (t: string) => sample(t, 'vending_push_ingest_seconds_count', { kind: 'trade' });
    expect(ingest(after) - ingest(before)).toBe(7);
    expect(sample(after, 'vending_push_batch_size_count')).toBeGreaterThanOrEqual(5);
    // The figures read at scrape time, and the process's own.
    expect(after).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(sample(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    if (server.engine === 'sqlite') {
      expect(sample(after, 'vending_database_bytes')).toBeGreaterThan(0);
      expect(after).toMatch(/^vending_wal_bytes \d+/m);
      expect(after).toMatch(/^vending_wal_checkpoint_seconds_count\{mode="PASSIVE"\} [1-9]/m);
    } else {
      // PostgreSQL's sizes and its WAL are its own exporter's to report, and the app runs no
      // checkpoints there (D111): no file sizes, no checkpoint observed.
      expect(after).not.toMatch(/^vending_(database|wal)_bytes /m);
      expect(after).not.toMatch(/^vending_wal_checkpoint_seconds_count\{[^}]*\} [1-9]/m);
    }
    // Requests by their rule's path, never the raw URL.
    expect(after).toMatch(
      /vending_http_request_duration_seconds_count\{route="\/readyz",method="GET",status="[25]xx"\}/,
    );
  });
});

describe('request logs', () => {
  it('one JSON line per request, with the id the response carries', async () => {
    const given = await fetch(`${server.url}/api/v1/machines`, {
      headers: { cookie: server.admin!.cookie, 'x-request-id': 'trace-abc.123' },
    });
    expect(given.status).toBe(200);
    expect(given.headers.get('x-request-id')).toBe('trace-abc.123');
    // An id that is not a sane token is replaced, not echoed.
    const odd = await fetch(`${server.url}/api/v1/machines/A%20B`, {
      headers: { cookie: server.admin!.cookie, 'x-request-id': 'x'.repeat(300) },
    });
    const generated = odd.headers.get('x-request-id')!;
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);

    const { lines } = await logLines(logFile, (l) => l.reqId === generated);
    const mine = lines.filter((l) => l.reqId === 'trace-abc.123');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      level: 30,
      msg: 'request',
      method: 'GET',
      route: '/api/v1/machines',
      status: 200,
    });
    expect(typeof mine[0]!.ms).toBe('number');
    expect(lines.find((l) => l.reqId === generated)).toMatchObject({
      route: '/api/v1/machines/:assetId',
      status: odd.status,
    });
  });

  it('never holds a password, a token, a signature or a push body at info level', async () => {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: TEST_ADMIN.email, password: TEST_ADMIN.password }),
    });
    expect(login.status).toBe(200);
    const body = signedBody(server, tradeMessage('OPS-SECRET-TRADE', 'OPS-SECRET-ASSET'));
    const sign = (JSON.parse(body) as { sign: string }).sign;
    const pushed = await postRaw(server, 'trade', body);
    expect(pushed.status).toBe(200);
    await metrics(server, { authorization: `Bearer ${TOKEN}` });
    const { text } = await logLines(
      logFile,
      (l) => l.route === '/metrics' || (l.route === '/api/notify/trade' && l.status === 200),
    );
    expect(text).toContain('"route":"/api/auth/login"');
    for (const secret of [
      TEST_ADMIN.password,
      sign,
      server.key,
      TOKEN,
      'OPS-SECRET-TRADE',
      'OPS-SECRET-ASSET',
      'vf_session=',
    ])
      expect(text).not.toContain(secret);
  });
});

// SQLite's drills: a read-only connection (DATABASE_QUERY_ONLY) and the disk beside the file.
describe.skipIf(E2E_ENGINE === 'postgres')(
  '/readyz fails when the database cannot write or the disk is short',
  { timeout: 180_000 },
  () => {
    it('503 with the database-write check failing on a read-only database', async () => {
      // No token and behind a trusted proxy: the metrics are open to loopback clients only.
      const ro = await startServer({ DATABASE_QUERY_ONLY: '1', TRUST_PROXY: '1' }, 'server.ts', {
        signIn: false, // a sign-in writes its session
      });
      try {
        expect((await health(ro, '/healthz')).status).toBe(200);
        const ready = await health(ro, '/readyz');
        expect(ready.status).toBe(503);
        const write = ready.body.checks.find((c) => c.name === 'database-write')!;
        expect(write).toMatchObject({ ok: false });
        expect(write.detail).toMatch(/readonly|read-only/);
        expect(ready.body.checks.find((c) => c.name === 'disk')!.ok).toBe(true);

        expect((await metrics(ro)).status).toBe(200);
        const forwarded = await metrics(ro, { 'x-forwarded-for': '203.0.113.9' });
        expect(forwarded.status).toBe(403);
        expect(((await forwarded.json()) as { error: { message: string } }).error.message).toMatch(
          /METRICS_TOKEN/,
        );
      } finally {
        await ro.stop();
      }
    });

    it('503 with the disk check failing below READYZ_MIN_FREE_MB', async () => {
      const full = await startServer({ READYZ_MIN_FREE_MB: '100000000' });
      try {
        const ready = await health(full, '/readyz');
        expect(ready.status).toBe(503);
        const disk = ready.body.checks.find((c) => c.name === 'disk')!;
        expect(disk.ok).toBe(false);
        expect(disk.detail).toMatch(/MB free .*less than READYZ_MIN_FREE_MB 100000000/);
        expect(ready.body.checks.find((c) => c.name === 'database-write')!.ok).toBe(true);
      } finally {
        await full.stop();
      }
    });
  },
);
