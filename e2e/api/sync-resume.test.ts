import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type RunningTwin } from '@/simulator/server';
import { startServer, type RunningServer } from '../support/server';
import { getJson } from '../support/push';
import {
  reconcile,
  startSync,
  tradesIn,
  useTwinForPulls,
  waitRun,
  type RunBody,
} from '../support/sync';

// A trades sync killed half-way (SIGKILL: no shutdown, a page possibly in flight) and taken
// over by the next server on the same database: no gap, no duplicate, the twin's totals.
const START = 1_763_856_000;
let first: RunningServer;
let second: RunningServer | undefined;
let twin: RunningTwin;

beforeAll(async () => {
  first = await startServer({ SYNC_INTERVAL_S: '0', SYNC_PAGE_SIZE: '10' });
  twin = await startTwin({
    seed: 31,
    machines: 6,
    lines: 2,
    start: START,
    speed: 1,
    historyDays: 3,
    clientId: first.clientId,
    key: first.key,
  });
  twin.twin.clock.pause();
  await useTwinForPulls(first, twin.url);
  // Each page takes a while, so the kill lands mid-run.
  await knobs({ slowMs: 40 });
}, 120_000);

afterAll(async () => {
  await second?.stop();
  await twin?.close();
  await first?.stop();
});

describe('a trades sync killed half-way', () => {
  it('resumes at the next start from its last committed page', async () => {
    const from = START - 3 * 86_400;
    const to = START - 1;
    const expected = [...twin.twin.trades.values()].filter(
      (t) => t.payTime >= from && t.payTime <= to,
    );
    expect(expected.length).toBeGreaterThan(50);
    const runId = await startSync(first.admin!, { job: 'trades', since: from, until: to });
    let progress: RunBody;
    do {
      await new Promise((r) => setTimeout(r, 50));
      progress = (await getJson<RunBody>(first, `/api/v1/sync/${runId}`)).body;
    } while (progress.done < 30 && progress.state === 'running');
    await first.kill();
    expect(progress.state).toBe('running');

    second = await startServer({ SYNC_INTERVAL_S: '0', SYNC_PAGE_SIZE: '10' }, 'server.ts', {
      databaseFile: first.databaseFile,
    });
    const run = await waitRun(second, runId);
    expect(run.state).toBe('succeeded');
    expect(run.errors.map((e) => e.message).join('\n')).toMatch(/resumed after its process/);
    // What /sync shows in the reader's language rather than the process's id.
    expect(run.errors.filter((e) => e.resumed)).toHaveLength(1);
    expect(run.done).toBe(expected.length);
    expect(run.imported).toBe(expected.length);
    const held = await tradesIn(second, from, to);
    expect(held.length).toBe(expected.length);
    expect(new Set(held.map((t) => t.orderNo))).toEqual(new Set(expected.map((t) => t.orderNo)));
    for (const m of twin.twin.fleet.machines)
      expect((await reconcile(second, m.assetId, from, to)).differs).toBe(false);
  });

  it('runs through 5xx, slow and cut-short answers: same trades, nothing twice', async () => {
    const from = START - 3 * 86_400;
    const to = START - 1;
    const expected = [...twin.twin.trades.values()].filter(
      (t) => t.payTime >= from && t.payTime <= to,
    );
    await knobs({ errorRate: 0.3, slowMs: 20, malformedRate: 0.2 });
    const run = await waitRun(
      second!,
      await startSync(second!.admin!, { job: 'trades', since: from, until: to }),
    );
    await knobs({ errorRate: 0, slowMs: 0, malformedRate: 0 });
    expect(run.state, JSON.stringify(run.errors)).toBe('succeeded');
    expect(run.done).toBe(expected.length);
    expect(run.imported).toBe(0);
    expect(run.updated).toBe(0);
    expect(run.errors.map((e) => e.message).join('\n')).toMatch(/not JSON.*asked again/);
    expect((await tradesIn(second!, from, to)).length).toBe(expected.length);
  });
});

async function knobs(k: Record<string, number>) {
  const r = await fetch(`${twin.url}/_sim/knobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(k),
  });
  expect(r.status).toBe(200);
}
