import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { signedBody } from '../support/push';
import { tradeMessage } from '../support/messages';
import { alive, logLines, waitForExit } from '../support/ops';
import { withPeek } from '../support/peek';

/** A push whose body never finishes arriving: the server must wait for it while stopping. */
function hangingPush(s: RunningServer) {
  const { port } = new URL(s.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  socket.on('error', () => undefined);
  socket.write(
    'POST /api/notify/trade HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      'Content-Length: 1000\r\n\r\n{"id":',
  );
  return socket;
}

// Each test starts its own server (tens of seconds on a busy machine).
describe('graceful shutdown', { timeout: 180_000 }, () => {
  it('SIGTERM during a burst of pushes loses no acknowledged one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vending-stop-'));
    const logFile = path.join(dir, 'app.log');
    const server = await startServer({ LOG_DESTINATION: logFile });
    const pid = server.pid();
    const acknowledged: string[] = [];
    let afterSignal = 0;
    let signalled = false;
    let sequence = 0;
    const client = async (n: number) => {
      for (;;) {
        const id = `STOP-${n}-${++sequence}`;
        try {
          const r = await fetch(`${server.url}/api/notify/trade`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: signedBody(server, tradeMessage(id, `STOP-${n % 5}`)),
          });
          if (r.status === 200) {
            acknowledged.push(id);
            if (signalled) afterSignal++;
          }
        } catch {
          return; // refused or reset: the server stopped accepting
        }
      }
    };
    const clients = Array.from({ length: 12 }, (_, n) => client(n));
    // Signal mid-burst: once some pushes are acknowledged (however busy the machine is).
    const deadline = Date.now() + 30_000;
    while (acknowledged.length < 50 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    signalled = true;
    process.kill(pid, 'SIGTERM');
    await waitForExit(pid, 15_000);
    await Promise.all(clients);

    expect(acknowledged.length).toBeGreaterThanOrEqual(50);
    await withPeek(server, async (p) => {
      const rows = await p.all<{ tradeId: string }>('select trade_id as tradeId from trades');
      const stored = new Set(rows.map((r) => r.tradeId));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      if (p.engine === 'sqlite') {
        expect(await p.get('pragma integrity_check')).toEqual({ integrity_check: 'ok' });
        return;
      }
      // PostgreSQL: the pool was ended, not dropped: none of the process's connections is left
      // (each named vending-ops:<pid>; a backend goes once it has read the goodbye).
      const left = async () =>
        (await p.get<{ n: number }>(
          'select count(*) as n from pg_stat_activity where application_name = ?',
          `vending-ops:${pid}`,
        ))!.n;
      for (let i = 0; i < 50 && (await left()) > 0; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(await left()).toBe(0);
    });
    // SQLite: the WAL was checkpointed (TRUNCATE) and the database closed cleanly.
    const wal = `${server.databaseFile}-wal`;
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
    const { lines } = await logLines(logFile, (l) => l.msg === 'stopped');
    expect(lines.find((l) => l.msg === 'stopping')).toMatchObject({ signal: 'SIGTERM' });
    void afterSignal; // answers given while stopping count as acknowledged above
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('waits for a request under way until SHUTDOWN_TIMEOUT_S, and a second signal exits at once', async () => {
    const server = await startServer({ SHUTDOWN_TIMEOUT_S: '60' });
    const pid = server.pid();
    const socket = hangingPush(server);
    try {
      await new Promise((r) => setTimeout(r, 300));
      process.kill(pid, 'SIGTERM');
      await new Promise((r) => setTimeout(r, 1500));
      expect(alive(pid)).toBe(true); // still waiting for the push under way
      // No new connection is accepted meanwhile.
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      const started = Date.now();
      process.kill(pid, 'SIGTERM');
      // At once: well inside the 60 s the first signal would have waited (the machine is shared).
      await waitForExit(pid, 5000);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      socket.destroy();
      await server.stop();
    }
  });

  it('exits by SHUTDOWN_TIMEOUT_S when a request never finishes', async () => {
    const server = await startServer({ SHUTDOWN_TIMEOUT_S: '2' });
    const pid = server.pid();
    const socket = hangingPush(server);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const started = Date.now();
      process.kill(pid, 'SIGTERM');
      await waitForExit(pid, 6000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    } finally {
      socket.destroy();
      await server.stop();
    }
  });
});
