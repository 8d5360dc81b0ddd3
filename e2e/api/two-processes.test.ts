import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type RunningTwin } from '@/simulator/server';
import { authedFetch, sendJson, signIn, TEST_ADMIN } from '../support/auth';
import { tradeMessage } from '../support/messages';
import { getJson, postRaw, signedBody } from '../support/push';
import { withPeek } from '../support/peek';
import { startRoundRobin, type RoundRobin } from '../support/round-robin';
import { startServer, type RunningServer } from '../support/server';
import { useTwinForPulls, waitRun, type RunBody } from '../support/sync';

// Two app processes on one database behind a round-robin balancer (issue 22 item 5, D101):
// what one stores, signs in, locks out or schedules, the other sees, and nothing is done twice.
// SYNC_INTERVAL_S=1 and ALERT_SCAN_S=1 make the sync and alert leases' TTL 3 s.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vending-two-processes-'));
const databaseFile = path.join(dir, 'vending.db');
const ENV = { SYNC_INTERVAL_S: '1', ALERT_SCAN_S: '1' };
const TTL_S = 3;
let a: RunningServer;
let b: RunningServer;
let lb: RoundRobin;
let twin: RunningTwin | undefined;

/** The lease's holder and expiry, read from the database as an operator would. */
async function lease(name: string) {
  return await withPeek(a, (p) =>
    p.get<{ holder: string; expiresAt: number }>(
      'SELECT holder, expires_at AS expiresAt FROM leases WHERE name = ?',
      name,
    ),
  );
}

/** Which of the two processes holds a lease taken with its instance id (host/pid/random). */
async function holderOf(name: string): Promise<RunningServer | undefined> {
  const pid = Number((await lease(name))?.holder.split('/')[1]);
  return [a, b].find((s) => s.pid() === pid);
}

/** Retries `check` (its expectations failing) until it passes, or rethrows its last failure. */
async function until<T>(check: () => T | Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The twin's pull API's fault knobs (slow answers). */
async function knobs(k: Record<string, number>) {
  const r = await fetch(`${twin!.url}/_sim/knobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(k),
  });
  expect(r.status).toBe(200);
}

function login(url: string, email: string, password: string) {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password }),
  });
}

beforeAll(async () => {
  // Started together on a new database: both migrate it and look for the first admin at once.
  [a, b] = await Promise.all([
    startServer(ENV, 'server.ts', { databaseFile }),
    startServer(ENV, 'server.ts', { databaseFile }),
  ]);
  lb = await startRoundRobin([a.url, b.url]);
}, 120_000);

afterAll(async () => {
  await lb?.close();
  await twin?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

const DAY0 = Math.floor(Date.now() / 1000) - 2 * 86_400;
const TRADES = 240;

describe('two app processes on one database', () => {
  it('stores every push once, whichever process receives it and however often', async () => {
    const bodies = Array.from({ length: TRADES }, (_, i) =>
      signedBody(
        a,
        tradeMessage(`rr-${i}`, `RR-${i % 6}`, {
          payTime: String(DAY0 + i * 60),
          createTime: String(DAY0 + i * 60 - 30),
        }),
      ),
    );
    // Each message three times at once: through the balancer, and as a retry to each process.
    const sends = bodies.flatMap((body) => [lb.url, a.url, b.url].map((url) => ({ url, body })));
    for (let i = 0; i < sends.length; i += 120) {
      const answers = await Promise.all(
        sends.slice(i, i + 120).map((s) => postRaw({ url: s.url }, 'trade', s.body)),
      );
      for (const r of answers) expect(r).toEqual({ status: 200, body: { result: 'SUCCESS' } });
    }
    expect(lb.sent.get(a.url)).toBeGreaterThan(TRADES / 3);
    expect(lb.sent.get(b.url)).toBeGreaterThan(TRADES / 3);

    const inbox = await getJson<{ items: unknown[] }>(
      { url: lb.url, admin: a.admin },
      '/api/v1/inbox?kind=trade&limit=500',
    );
    expect(inbox.body.items).toHaveLength(TRADES);
    const trades = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await getJson(
        { url: lb.url, admin: a.admin },
        `/api/v1/trades?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const t of page.body.items) trades.add(t.id);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(trades.size).toBe(TRADES);
    // The sales figures (the rollups, summed in each process's group commit) count each once.
    const range = `startTime=${DAY0 - 3600}&endTime=${DAY0 + TRADES * 60}`;
    for (const server of [a, b]) {
      const stats = await getJson<{ total: { count: number; amount: number } }>(
        server,
        `/api/v1/stats/sales?${range}`,
      );
      expect(stats.body.total).toMatchObject({ count: TRADES, amount: TRADES * 300 });
    }
  });

  it('keeps a session made on one valid on the other, and ends it on both', async () => {
    const made = await signIn(a.url, TEST_ADMIN.email, TEST_ADMIN.password);
    expect((await authedFetch({ ...made, url: b.url }, '/api/auth/me')).status).toBe(200);
    for (let i = 0; i < 4; i++)
      expect((await authedFetch({ ...made, url: lb.url }, '/api/auth/me')).status).toBe(200);
    const out = await authedFetch({ ...made, url: b.url }, '/api/auth/logout', { method: 'POST' });
    expect(out.status).toBeLessThan(400);
    expect((await authedFetch(made, '/api/auth/me')).status).toBe(401);
  });

  it('holds a sign-in lockout reached on one process on the other', async () => {
    const created = await sendJson(a.admin!, 'POST', '/api/v1/users', {
      email: 'locked@test.local',
      name: 'locked',
      role: 'finance',
      password: 'the-right-password',
    });
    expect(created.status).toBe(201);
    for (let i = 0; i < 5; i++)
      expect((await login(a.url, 'locked@test.local', `wrong-${i}`)).status).toBe(401);
    const refused = await login(b.url, 'locked@test.local', 'the-right-password');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it("clears a machine's clock flag set by one process when the other hears a right time", async () => {
    const t = Math.floor(Date.now() / 1000);
    const trade = (id: string, stated: number) =>
      postRaw(
        a,
        'trade',
        signedBody(
          a,
          tradeMessage(id, 'RR-CLOCK', {
            payTime: String(stated),
            createTime: String(stated - 30),
          }),
        ),
      );
    const clock = async () =>
      (await getJson<{ clockAhead: unknown }>(b, '/api/v1/machines/RR-CLOCK')).body.clockAhead;
    // B hears the machine first (it knows no flag then), then A is told a time 2 hours ahead.
    const first = signedBody(a, tradeMessage('clock-first', 'RR-CLOCK', { payTime: String(t) }));
    expect((await postRaw(b, 'trade', first)).status).toBe(200);
    expect((await trade('clock-ahead', t + 7200)).status).toBe(200); // to A
    expect(await clock()).toMatchObject({ by: expect.any(Number) as number });
    // Past the quarter second in which the other process may not know the flag yet (D101).
    await new Promise((r) => setTimeout(r, 400));
    const right = await postRaw(
      b,
      'trade',
      signedBody(a, tradeMessage('clock-right', 'RR-CLOCK', { payTime: String(t) })),
    );
    expect(right.status).toBe(200);
    expect(await clock()).toBeNull();
  });

  it('runs the sync schedule in one process, with credentials saved through the other', async () => {
    const leader = await holderOf('sync-schedule');
    expect(leader).toBeDefined();
    const other = leader === a ? b : a;
    twin = await startTwin({
      seed: 41,
      machines: 4,
      lines: 1,
      speed: 1,
      historyDays: 1,
      clientId: a.clientId,
      key: a.key,
    });
    twin.twin.clock.pause();
    // Saved through the process that does not schedule: the scheduler's process must see it.
    await useTwinForPulls(other, twin.url);
    type Run = {
      job: string;
      trigger: string;
      state: string;
      errors: unknown[];
      createdAt: number;
      startedAt: number | null;
      finishedAt: number | null;
    };
    const scheduled = async () =>
      (await getJson<{ items: Run[] }>(other, '/api/v1/sync?limit=200')).body.items.filter(
        (r) => r.trigger === 'schedule',
      );
    const JOBS = ['trades', 'refills', 'lines', 'sites', 'goods', 'status', 'sales', 'reconcile'];
    const runs = await until(async () => {
      const all = await scheduled();
      const done = (job: string) => all.filter((r) => r.job === job && r.state === 'succeeded');
      expect(JOBS.every((j) => done(j).length > 0)).toBe(true);
      expect(done('trades').length).toBeGreaterThanOrEqual(10);
      return all;
    }, 45_000);
    // The machines pushed above are not the twin's: its per-machine answers refuse only them.
    for (const r of runs)
      for (const e of r.errors as { message: string }[]) expect(e.message).toMatch(/^RR-\w+: /);
    // The slow jobs and yesterday's check once, though both processes run a schedule.
    for (const job of ['lines', 'sites', 'goods', 'status', 'sales', 'reconcile'])
      expect(runs.filter((r) => r.job === job)).toHaveLength(1);
    const checks = await getJson<{ items: unknown[] }>(other, '/api/v1/reconcile/checks');
    expect(checks.body.items).toHaveLength(1);
    // At most one trades run per one-second tick (two schedules would queue about twice as
    // many), and never two at once.
    const trades = runs
      .filter((r) => r.job === 'trades' && r.state === 'succeeded')
      .sort((x, y) => x.startedAt! - y.startedAt!);
    const span = trades[trades.length - 1]!.createdAt - trades[0]!.createdAt;
    expect(trades.length).toBeLessThanOrEqual(span + 2);
    for (let i = 1; i < trades.length; i++)
      expect(trades[i]!.startedAt!).toBeGreaterThanOrEqual(trades[i - 1]!.finishedAt!);
  });

  it('hands the scheduled work to the other process within the lease TTL when one is killed', async () => {
    const leader = (await holderOf('sync-schedule'))!;
    const leaderPid = leader.pid();
    const survivor = leader === a ? b : a;
    // The platform answers slowly, so a scheduled run is under way in the leader when it dies.
    await knobs({ slowMs: 1500 });
    const cut = await until(async () => {
      const items = (await getJson<{ items: RunBody[] }>(survivor, '/api/v1/sync?limit=50')).body
        .items;
      const running = items.find((r) => r.state === 'running');
      expect(running).toBeDefined();
      return running!;
    });
    lb.upstreams = [survivor.url];
    const killed = Date.now();
    await leader.kill();
    await knobs({ slowMs: 0 });
    const tookOver = await until(async () => {
      expect(await holderOf('sync-schedule')).toBe(survivor);
      return Date.now();
    }, 30_000);
    // The TTL, plus one look of the survivor's (a second) and the time to see it.
    console.info(`sync-schedule lease taken over ${tookOver - killed} ms after the kill`);
    expect(tookOver - killed).toBeLessThan((TTL_S + 2) * 1000);
    // The alert evaluator's whole-fleet look is held by the survivor: renewed after the kill
    // (the dead holder's last renewal ends by the kill + the TTL).
    await until(async () =>
      expect((await lease('alerts'))!.expiresAt).toBeGreaterThan(Math.ceil(killed / 1000) + TTL_S),
    );
    // The run cut short is taken over where its last page left it, and says why.
    const resumed = await waitRun(survivor, cut.runId);
    expect(resumed.state).toBe('succeeded');
    expect(resumed.errors.map((e) => e.message).join('\n')).toMatch(
      new RegExp(`resumed after its process \\(\\S+/${leaderPid}/\\w+\\) stopped`),
    );
    // The schedule goes on there: a trades run queued after the takeover finishes, and no run
    // is left claimed by the killed process.
    const after = Math.floor(tookOver / 1000);
    await until(async () => {
      const items = (
        await getJson<{ items: { job: string; state: string; createdAt: number }[] }>(
          { url: lb.url, admin: survivor.admin },
          '/api/v1/sync?limit=50',
        )
      ).body.items;
      expect(
        items.some((r) => r.job === 'trades' && r.createdAt > after && r.state === 'succeeded'),
      ).toBe(true);
    });
    const stranded = await withPeek(a, (p) =>
      p.all("SELECT id FROM sync_runs WHERE state = 'running' AND owner = ?", leaderPid),
    );
    expect(stranded).toEqual([]);
  });
});
