import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type RunningTwin } from '@/simulator/server';
import { getJson } from '../support/push';
import { withPeek } from '../support/peek';
import { holdDatabase, startServer, type RunningServer } from '../support/server';
import { useTwinForPulls, type RunBody } from '../support/sync';

// The schedule inside the server (SYNC_INTERVAL_S=1): every job is queued on its own, never
// twice at once, trades windows follow each other with an overlap, yesterday is checked once,
// and a shutdown leaves no run claimed by a process that is gone.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vending-sync-schedule-'));
const databaseFile = path.join(dir, 'vending.db');
let app: RunningServer;
let twin: RunningTwin;
let release: () => void;

type Run = RunBody & { trigger: string; params: { since?: number; until?: number } };

beforeAll(async () => {
  // Read after the server stops (on PostgreSQL its cluster would stop with it).
  release = await holdDatabase(databaseFile);
  app = await startServer({ SYNC_INTERVAL_S: '1' }, 'server.ts', { databaseFile });
  twin = await startTwin({
    seed: 41,
    machines: 4,
    lines: 1,
    speed: 1,
    historyDays: 1,
    clientId: app.clientId,
    key: app.key,
  });
  twin.twin.clock.pause();
  await useTwinForPulls(app, twin.url);
}, 120_000);

afterAll(async () => {
  await twin?.close();
  release?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

const JOBS = ['trades', 'refills', 'lines', 'sites', 'goods', 'status', 'sales', 'reconcile'];

describe('the sync schedule', () => {
  it('queues every job by itself and runs it to the end', async () => {
    let runs: Run[] = [];
    const scheduled = (job: string) =>
      runs.filter((r) => r.job === job && r.trigger === 'schedule' && r.state === 'succeeded');
    do {
      await new Promise((r) => setTimeout(r, 250));
      runs = (await getJson<{ items: Run[] }>(app, '/api/v1/sync?limit=200')).body.items;
    } while (!JOBS.every((j) => scheduled(j).length > 0) || scheduled('trades').length < 2);
    for (const r of runs) expect(r.errors, `${r.job} ${r.runId}`).toEqual([]);
    // The next trades window starts ten minutes before the previous one ended.
    const [second, first] = scheduled('trades');
    expect(second!.params.since).toBe(first!.params.until! - 600);
    // Slow jobs and yesterday's check are not queued again at every tick.
    for (const job of ['lines', 'sites', 'goods', 'status', 'sales', 'reconcile'])
      expect(runs.filter((r) => r.job === job)).toHaveLength(1);
    const checks = await getJson<{ items: { machines: number; day: string }[] }>(
      app,
      '/api/v1/reconcile/checks',
    );
    expect(checks.body.items).toHaveLength(1);
    expect(checks.body.items[0]!.machines).toBe(4);
    expect(checks.body.items[0]!.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('stops cleanly: no run is left claimed by the stopped server', async () => {
    await app.stop();
    const running = await withPeek(app, (p) =>
      p.all("SELECT id, job FROM sync_runs WHERE state = 'running'"),
    );
    expect(running).toEqual([]);
  });
});
