import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type RunningTwin } from '@/simulator/server';
import { getJson } from '../support/push';
import { startServer, type RunningServer } from '../support/server';
import {
  reconcile,
  startSync,
  syncAndWait,
  tradesIn,
  useTwinForPulls,
  waitRun,
  type RunBody,
} from '../support/sync';

/**
 * The same fleet pulled twice through the real server: from the twin speaking seed 000 as
 * written, and from the twin answering as the real platform does (vendorQuirks: POST only, a
 * GET answered with Tomcat's 405 page, bare arrays, `{result, list}`, string numbers, §8.2 in
 * the older refill shape). Both apps must end with the same trades, lines, sites, statuses and
 * refill settlements; a FAIL must show on the run in the platform's words (D72).
 */
const START = 1_763_856_000;
const DAY = 86_400;
const FROM = START - 3 * DAY;
const TO = START + 6 * DAY;
const ENV = { SYNC_INTERVAL_S: '0', SYNC_PAGE_SIZE: '4' };
let seedApp: RunningServer;
let quirkApp: RunningServer;
let seedTwin: RunningTwin;
let quirkTwin: RunningTwin;

async function twinFor(app: RunningServer, vendorQuirks: boolean) {
  const twin = await startTwin({
    seed: 41,
    machines: 7,
    lines: 3,
    start: START,
    speed: 1,
    historyDays: 3,
    clientId: app.clientId,
    key: app.key,
    vendorQuirks,
    // One ledger (payment codes past the tables happen in both), told two ways.
    vendorCodes: true,
  });
  // No app to push to: everything the apps hold comes through the pull API. Six days run, so
  // refill visits happen and wait in §8.2.
  twin.twin.clock.pause();
  twin.twin.clock.advance(6 * DAY);
  twin.twin.tick();
  return twin;
}

beforeAll(async () => {
  [seedApp, quirkApp] = await Promise.all([startServer(ENV), startServer(ENV)]);
  seedTwin = await twinFor(seedApp, false);
  quirkTwin = await twinFor(quirkApp, true);
  await useTwinForPulls(seedApp, seedTwin.url);
  await useTwinForPulls(quirkApp, quirkTwin.url);
}, 180_000);

afterAll(async () => {
  await seedTwin?.close();
  await quirkTwin?.close();
  await seedApp?.stop();
  await quirkApp?.stop();
});

const knobs = (twin: RunningTwin, k: Record<string, number>) =>
  fetch(`${twin.url}/_sim/knobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(k),
  });
const pulls = async (twin: RunningTwin) =>
  (
    (await (await fetch(`${twin.url}/_sim/pulls`)).json()) as {
      items: { method: string; path: string; status: number }[];
    }
  ).items;

/** A value with the members that say when or through which message we received it left out. */
function sameness(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sameness);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .filter(([k]) => !/(At|^inboxId|^id)$/.test(k))
      .map(([k, x]) => [k, sameness(x)]),
  );
}
const counts = (r: RunBody) => ({ done: r.done, imported: r.imported, updated: r.updated });

describe('syncing from the platform as it really answers', () => {
  it('imports the same lines, sites, trades, statuses and refill settlements', async () => {
    const jobs = [
      { job: 'lines' },
      { job: 'sites' },
      { job: 'trades', since: FROM, until: TO },
      { job: 'status' },
      { job: 'refills', since: FROM, until: TO },
      { job: 'goods' },
      { job: 'reconcile', since: FROM, until: TO },
    ];
    for (const body of jobs) {
      const a = await syncAndWait(seedApp, body);
      const b = await syncAndWait(quirkApp, body);
      expect(counts(b), body.job).toEqual(counts(a));
      expect(b.done, body.job).toBeGreaterThan(0);
    }

    const trades = await tradesIn(quirkApp, FROM, TO);
    expect(trades.length).toBeGreaterThan(100);
    expect(sameness(trades)).toEqual(sameness(await tradesIn(seedApp, FROM, TO)));

    type Named = { items: Record<string, unknown>[] };
    const lines = async (app: RunningServer) =>
      sameness((await getJson<Named>(app, '/api/v1/lines')).body.items);
    expect(await lines(quirkApp)).toEqual(await lines(seedApp));
    const sites = async (app: RunningServer) =>
      sameness((await getJson<Named>(app, '/api/v1/sites')).body.items);
    expect(await sites(quirkApp)).toEqual(await sites(seedApp));

    const machines = async (app: RunningServer) =>
      sameness((await getJson<Named>(app, '/api/v1/machines?limit=100')).body.items);
    const statuses = (await machines(quirkApp)) as Record<string, unknown>[];
    expect(statuses).toHaveLength(7);
    expect(statuses).toEqual(await machines(seedApp));

    // The settlements: the same visits, sums and verdicts. The older shape has no siteNumber
    // (nor stock, refill count or goods number, which the list does not show).
    const visits = async (app: RunningServer) =>
      (
        sameness((await getJson<Named>(app, '/api/v1/refills?limit=1000')).body.items) as {
          source: string;
          siteNumber: string | null;
        }[]
      ).map(({ siteNumber, ...v }) => ({ ...v, site: siteNumber !== null }));
    const recovered = await visits(quirkApp);
    expect(recovered.length).toBeGreaterThan(0);
    expect(recovered.every((v) => v.source === 'pull' && !v.site)).toBe(true);
    const seeded = await visits(seedApp);
    expect(seeded.every((v) => v.site)).toBe(true);
    expect(recovered.map((v) => ({ ...v, site: true }))).toEqual(seeded);

    for (const assetId of quirkTwin.twin.fleet.machines.map((m) => m.assetId).slice(0, 3))
      expect((await reconcile(quirkApp, assetId, FROM, TO)).differs).toBe(false);
  }, 240_000);

  it('asks §5.1 with POST after its GET was answered 405, and keeps doing so after a restart', async () => {
    const statistic = (await pulls(quirkTwin)).filter((r) => r.path === '/osapi/trade/statistic');
    // The reconciliation above: the first GET refused with Tomcat's page, POST from then on.
    expect(statistic[0]).toEqual({ method: 'GET', path: '/osapi/trade/statistic', status: 405 });
    expect(statistic.slice(1).every((r) => r.method === 'POST' && r.status === 200)).toBe(true);
    expect(statistic.length).toBeGreaterThan(1);
    expect((await pulls(quirkTwin)).filter((r) => r.method === 'GET')).toHaveLength(1);

    // A new process on the same database (stop() would remove it with its directory).
    const databaseFile = quirkApp.databaseFile;
    await quirkApp.kill();
    quirkApp = await startServer(ENV, 'server.ts', { databaseFile });
    const before = (await pulls(quirkTwin)).length;
    const assetId = quirkTwin.twin.fleet.machines[0]!.assetId;
    expect((await reconcile(quirkApp, assetId, FROM, TO)).differs).toBe(false);
    const after = (await pulls(quirkTwin)).slice(before);
    expect(after).toEqual([{ method: 'POST', path: '/osapi/trade/statistic', status: 200 }]);
  }, 120_000);

  it("shows a FAIL on the run with the platform's own words, in either spelling", async () => {
    for (const [app, twin] of [
      [quirkApp, quirkTwin],
      [seedApp, seedTwin],
    ] as const) {
      expect((await knobs(twin, { failRate: 1 })).status).toBe(200);
      try {
        const run = await waitRun(
          app,
          await startSync(app.admin!, { job: 'trades', since: FROM, until: TO }),
        );
        expect(run.state).toBe('failed');
        expect(run.imported).toBe(0);
        const last = run.errors.at(-1) as RunBody['errors'][number] & { platform?: unknown };
        expect(last.message).toBe(
          '/osapi/trade/list: HTTP 200 — the platform answered FAIL: ' +
            (twin === seedTwin ? 'SYSTEM_BUSY 系统繁忙，请稍后再试' : '系统繁忙，请稍后再试'),
        );
        expect(last.platform).toMatchObject({
          endpoint: '/osapi/trade/list',
          kind: 'refused',
          status: 200,
        });

        // A job per machine notes every machine refused, and fails when none answered.
        const status = await waitRun(app, await startSync(app.admin!, { job: 'status' }));
        expect(status.state).toBe('failed');
        expect(status.errors.length).toBe(8); // seven machines, then the run's own error
        expect(status.errors[0]).toMatchObject({
          platform: { endpoint: '/osapi/router/status', kind: 'refused' },
        });

        const assetId = twin.twin.fleet.machines[0]!.assetId;
        const r = await getJson<{ platformProblem?: { kind: string; detail: string } }>(
          app,
          `/api/v1/reconcile?assetId=${assetId}&startTime=${FROM}&endTime=${TO}`,
        );
        expect(r.status).toBe(200);
        expect(r.body.platformProblem).toMatchObject({ kind: 'refused' });
        expect(r.body.platformProblem?.detail).toContain('系统繁忙');
      } finally {
        await knobs(twin, { failRate: 0 });
      }
    }
  }, 120_000);
});
