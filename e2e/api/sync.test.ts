import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type RunningTwin } from '@/simulator/server';
import { sendJson } from '../support/auth';
import { getJson } from '../support/push';
import { startServer, type RunningServer } from '../support/server';
import {
  reconcile,
  startSync,
  syncAndWait,
  tradesIn,
  useTwinForPulls,
  waitRun,
} from '../support/sync';

// The app pulling from the twin while the twin pushes to it: history only the pull API holds,
// a sync racing the pushes over the same trades, and a window whose pushes were lost, found
// by reconciliation and closed by a backfill.
const START = 1_763_856_000; // 2025-11-23 08:00 +08:00
const HOUR = 3600;
let app: RunningServer;
let twin: RunningTwin;

beforeAll(async () => {
  app = await startServer({ SYNC_INTERVAL_S: '0', SYNC_PAGE_SIZE: '25' });
  twin = await startTwin({
    seed: 23,
    machines: 8,
    lines: 2,
    start: START,
    speed: 1,
    historyDays: 2,
    appUrl: app.url,
    clientId: app.clientId,
    key: app.key,
  });
  twin.twin.clock.pause();
  await useTwinForPulls(app, twin.url);
  await settle();
}, 120_000);

afterAll(async () => {
  await twin?.close();
  await app?.stop();
});

async function settle() {
  while (twin.twin.deliverer!.pending > 0) await new Promise((r) => setTimeout(r, 100));
}
const twinTrades = (from: number, to: number) =>
  [...twin.twin.trades.values()].filter((t) => t.payTime >= from && t.payTime <= to);
const assets = () => twin.twin.fleet.machines.map((m) => m.assetId);

describe('pull sync against the twin', () => {
  it('imports the history only the pull API holds, every trade once, agreeing with §5.1', async () => {
    const from = START - 2 * 86_400;
    const to = START - 1;
    const expected = twinTrades(from, to);
    expect(expected.length).toBeGreaterThan(50);
    const run = await syncAndWait(app, { job: 'trades', since: from, until: to });
    expect(run.imported).toBe(expected.length);
    expect(run.total).toBe(expected.length);
    const held = await tradesIn(app, from, to);
    expect(new Set(held.map((t) => t.orderNo)).size).toBe(held.length);
    expect(held.length).toBe(expected.length);
    for (const assetId of assets())
      expect((await reconcile(app, assetId, from, to)).differs).toBe(false);
    // Again: nothing new, nothing counted twice.
    const again = await syncAndWait(app, { job: 'trades', since: from, until: to });
    expect(again.imported).toBe(0);
    expect(again.updated).toBe(0);
    for (const assetId of assets().slice(0, 3))
      expect((await reconcile(app, assetId, from, to)).differs).toBe(false);
  });

  it('lines, sites, goods, status and §6.2 sales sync through the same rows', async () => {
    const lines = await syncAndWait(app, { job: 'lines' });
    expect(lines.done).toBe(twin.twin.fleet.lines.length);
    const sites = await syncAndWait(app, { job: 'sites' });
    expect(sites.done).toBe(8);
    const goods = await syncAndWait(app, { job: 'goods' });
    expect(goods.done).toBe(twin.twin.fleet.products.length);
    const status = await syncAndWait(app, { job: 'status' });
    expect(status.done).toBe(8);
    const sales = await syncAndWait(app, { job: 'sales', assetId: assets()[0] });
    expect(sales.done).toBe(1);
    const listed = await getJson<{ items: { name: string; areaName: string | null }[] }>(
      app,
      '/api/v1/lines',
    );
    for (const l of twin.twin.fleet.lines)
      expect(listed.body.items.find((x) => x.name === l.name)?.areaName).toBe(l.areaName);
  });

  it('a sync racing the pushes over the same trades keeps one row each and exact totals', async () => {
    const from = START;
    const to = START + 6 * HOUR;
    twin.twin.clock.advance(6 * HOUR);
    twin.twin.tick();
    // The pushes are under way while the sync pulls the same window.
    const runId = await startSync(app.admin!, { job: 'trades', since: from, until: to });
    await settle();
    const run = await waitRun(app, runId);
    expect(run.state, JSON.stringify(run.errors)).toBe('succeeded');
    const expected = twinTrades(from, to);
    const held = await tradesIn(app, from, to);
    expect(held.length).toBe(expected.length);
    expect(new Set(held.map((t) => t.orderNo)).size).toBe(held.length);
    // A pushed trade keeps its own id, whether the sync or the push came first.
    const ids = new Set(held.map((t) => t.id));
    for (const t of expected) expect(ids.has(t.id)).toBe(true);
    const check = await syncAndWait(app, { job: 'reconcile', since: from, until: to });
    expect(check.done).toBe(8);
    const checks = await getJson<{ items: { machines: number; disagreeing: number }[] }>(
      app,
      '/api/v1/reconcile/checks',
    );
    expect(checks.body.items[0]).toMatchObject({ machines: 8, disagreeing: 0 });
  });

  it('reconciliation finds a window whose pushes were lost; a backfill closes it; late pushes change nothing', async () => {
    const from = START + 6 * HOUR + 1;
    Object.assign(twin.twin.deliverer!.knobs, { drop: 1 });
    // Lose pushes until a refill settlement is among them (for §8.2 below).
    let to = from;
    while (!twin.twin.unacknowledgedRefills().length || to - from < 3 * HOUR) {
      twin.twin.clock.advance(3 * HOUR);
      twin.twin.tick();
      to += 3 * HOUR;
    }
    const sold = new Map<string, number>();
    for (const t of twinTrades(from, to))
      if (t.payStatus === 1) sold.set(t.assetId, (sold.get(t.assetId) ?? 0) + 1);
    const assetId = [...sold].sort((a, b) => b[1] - a[1])[0]![0];
    const before = await reconcile(app, assetId, from, to);
    expect(before.differs).toBe(true);
    expect(before.countDiff).toBeGreaterThan(0);

    const run = await syncAndWait(app, { job: 'trades', assetId, since: from, until: to });
    expect(run.imported).toBeGreaterThan(0);
    expect((await reconcile(app, assetId, from, to)).differs).toBe(false);

    // §8.2: the settlements whose push never got through are recovered, marked as such.
    const refills = await syncAndWait(app, { job: 'refills', since: from, until: to });
    expect(refills.imported).toBe(twin.twin.unacknowledgedRefills().length);
    const recovered = await getJson<{ items: { source: string }[] }>(
      app,
      '/api/v1/refills?source=pull',
    );
    expect(recovered.body.items.length).toBe(refills.imported);

    // The lost pushes arrive after all: the same rows, the same totals.
    Object.assign(twin.twin.deliverer!.knobs, { drop: 0 });
    await settle();
    expect((await reconcile(app, assetId, from, to)).differs).toBe(false);
    const held = await tradesIn(app, from, to);
    expect(new Set(held.map((t) => t.orderNo)).size).toBe(held.length);
    // Every push has now been delivered, so the window holds exactly the twin's trades.
    expect(held.length).toBe(twinTrades(from, to).length);
  }, 180_000);

  it('asks the platform for a §10 code and answers what it returned (audited)', async () => {
    const assetId = assets()[0]!;
    const r = await sendJson<{ code: string; assetId: string }>(
      app.admin!,
      'POST',
      '/api/v1/pickup-codes/platform',
      { assetId, endTime: START + 30 * 86_400 },
    );
    expect(r.status).toBe(201);
    expect(r.body.code).toMatch(/^\d{7}$/);
    expect(twin.twin.pickupCodes.get(r.body.code)).toMatchObject({ assetId });
    const logged = await getJson<{ items: { action: string; targetId: string }[] }>(
      app,
      '/api/v1/audit?action=pickup.platform_create',
    );
    expect(logged.body.items[0]?.targetId).toBe(r.body.code);
    const bad = await sendJson(app.admin!, 'POST', '/api/v1/pickup-codes/platform', {
      startTime: 20,
      endTime: 10,
    });
    expect(bad.status).toBe(422);
  });

  it('lists runs and refuses bad requests by name', async () => {
    const list = await getJson<{ items: { runId: number; state: string }[] }>(app, '/api/v1/sync');
    expect(list.body.items.length).toBeGreaterThan(5);
    const bad = await fetch(`${app.url}/api/v1/sync`, {
      method: 'POST',
      headers: { cookie: app.admin!.cookie, origin: app.url, 'content-type': 'application/json' },
      body: JSON.stringify({ job: 'everything' }),
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/job/);
    expect((await getJson(app, '/api/v1/sync/999999')).status).toBe(404);
  });
});
