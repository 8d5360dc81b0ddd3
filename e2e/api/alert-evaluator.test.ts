import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson } from '../support/auth';
import { eventually } from '../support/eventually';
import { peek, type Peek } from '../support/peek';
import { deviceMessage, statusMessage, coolingTemperatures } from '../support/messages';
import { push } from '../support/push';
import { startServer, type RunningServer } from '../support/server';

/**
 * Alerts as records (issue 19 item 1, D85): raised and resolved by real pushes through the real
 * server's evaluator, with a short tick and scan so the test need not wait a minute.
 */
const FAST = { ALERT_TICK_MS: '100', ALERT_SCAN_S: '1' };

let server: RunningServer;
let db: Peek;

interface OverviewAlert {
  id: number;
  state: string;
  kind: string;
  assetId: string | null;
  since: number | null;
  detail: Record<string, string | number>;
}

async function liveAlerts(s: RunningServer) {
  const r = await sendJson<{ alerts: OverviewAlert[] }>(s.admin!, 'GET', '/api/v1/overview');
  expect(r.status).toBe(200);
  return r.body.alerts;
}

const find = (alerts: OverviewAlert[], kind: string, assetId: string) =>
  alerts.find((a) => a.kind === kind && a.assetId === assetId);

/** Every record of a condition, resolved ones too: a duplicate would show here. */
const records = (kind: string, assetId: string) =>
  db.all<{
    id: number;
    state: string;
    startedAt: number;
    resolvedAt: number | null;
    details: string;
  }>(
    // details as text on both engines (jsonb on PostgreSQL).
    `select id, state, started_at as startedAt, resolved_at as resolvedAt, ${
      db.engine === 'postgres' ? 'details::text as details' : 'details'
    } from alerts where kind = ? and asset_id = ? order by id`,
    kind,
    assetId,
  );

async function setThresholds(s: RunningServer, body: Record<string, unknown>) {
  const r = await sendJson(s.admin!, 'PUT', '/api/v1/settings/thresholds', {
    offlineMinutes: 30,
    doorOpenMinutes: 10,
    staleHours: 6,
    temperatureToleranceC: 0,
    ...body,
  });
  expect(r.status).toBe(200);
}

const temper = (right: number) => coolingTemperatures({ left: 6, right });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  server = await startServer(FAST);
  db = peek(server, { readonly: true });
}, 120_000);

afterAll(async () => {
  await db?.close();
  await server?.stop();
});

describe('an offline machine', () => {
  it('raises one alert once its duration is 0, and resolves it when the machine is back', async () => {
    await push(server, 'device', deviceMessage('AL-OFF'));
    await push(server, 'status', statusMessage('AL-OFF', { online: 1, isSale: 1 }));
    // Offline for seconds, under the default 30 minutes: the scans raise nothing.
    await eventually(() => db.get("select 1 from leases where name = 'alerts'"), {
      what: 'the evaluator to take its lease',
    });
    await sleep(2500);
    expect(find(await liveAlerts(server), 'offline', 'AL-OFF')).toBeUndefined();

    await setThresholds(server, { offlineMinutes: 0, clearMinutes: 0 });
    const raised = await eventually(
      async () => find(await liveAlerts(server), 'offline', 'AL-OFF'),
      { what: 'the offline alert' },
    );
    expect(raised).toMatchObject({ state: 'open' });
    expect(typeof raised.id).toBe('number');
    // Scans and further pushes while it lasts update it; they never raise another.
    await push(server, 'status', statusMessage('AL-OFF', { online: 1 }));
    await sleep(2500);
    expect(await records('offline', 'AL-OFF')).toHaveLength(1);

    await push(server, 'status', statusMessage('AL-OFF', { online: 0 }));
    await eventually(
      async () =>
        find(await liveAlerts(server), 'offline', 'AL-OFF') === undefined ? true : undefined,
      { what: 'the offline alert to resolve' },
    );
    const [only, ...more] = await records('offline', 'AL-OFF');
    expect(more).toEqual([]);
    expect(only).toMatchObject({ id: raised.id, state: 'resolved' });
    expect(only!.resolvedAt).toBeGreaterThanOrEqual(only!.startedAt);
    const events = await db.all<{ type: string }>(
      'select type from alert_events where alert_id = ? order by id',
      raised.id,
    );
    expect(events.map((e) => e.type)).toEqual(['opened', 'resolved']);
  }, 60_000);
});

describe('a temperature at the band’s edge', () => {
  it('raises nothing while it wobbles, and one alert with its peak when it stays out', async () => {
    // One minute out of band before an alert; one minute back in before it resolves.
    await setThresholds(server, {
      offlineMinutes: 0,
      clearMinutes: 0,
      kinds: { temperature: { minutes: 1, clearMinutes: 1 } },
    });
    for (const id of ['AL-WOBBLE', 'AL-WARM']) {
      await push(server, 'device', deviceMessage(id));
      await push(server, 'status', statusMessage(id, { online: 0, isSale: 1, ...temper(6) }));
    }
    // 80 s: the wobbling fridge crosses its 8 °C limit every few seconds; the warm one stays
    // out, warming to 14 °C and easing to 12 °C.
    const started = Date.now();
    for (let i = 0; Date.now() - started < 80_000; i++) {
      await push(server, 'status', statusMessage('AL-WOBBLE', temper(i % 2 === 0 ? 9 : 7)));
      const warm = i < 6 ? 10 + Math.floor(i / 2) : i < 12 ? 14 : 12;
      await push(server, 'status', statusMessage('AL-WARM', temper(warm)));
      await sleep(4000);
    }
    const alerts = await liveAlerts(server);
    expect(alerts.filter((a) => a.assetId === 'AL-WOBBLE')).toEqual([]);
    expect(await records('temperature', 'AL-WOBBLE')).toEqual([]);
    const warm = await records('temperature', 'AL-WARM');
    expect(warm).toHaveLength(1);
    expect(JSON.parse(warm[0]!.details)).toMatchObject({ cid: 'master', room: 'right', peak: 14 });
    // Dated from its first warm reading, not from when it was raised.
    expect(warm[0]!.startedAt).toBeLessThanOrEqual(Math.floor(started / 1000) + 1);
    expect(find(alerts, 'temperature', 'AL-WARM')).toMatchObject({
      state: 'open',
      detail: expect.objectContaining({ peak: 14, temperature: 12 }),
    });
  }, 150_000);
});

describe('two app processes on one database', () => {
  it('raise one alert per condition between them', async () => {
    const other = await startServer(FAST, 'server.ts', { databaseFile: server.databaseFile });
    try {
      await setThresholds(server, { offlineMinutes: 0, clearMinutes: 0 });
      const ids = Array.from({ length: 20 }, (_, i) => `AL-TWO-${i}`);
      // Each machine's pushes arrive at both processes, at once.
      await Promise.all(
        ids.map(async (id) => {
          await push(server, 'device', deviceMessage(id));
          await Promise.all([
            push(server, 'status', statusMessage(id, { online: 1, isSale: 1 })),
            push(other, 'status', statusMessage(id, { online: 1, isSale: 1 })),
          ]);
        }),
      );
      await eventually(
        async () => {
          const alerts = await liveAlerts(other);
          return ids.every((id) => find(alerts, 'offline', id)) ? true : undefined;
        },
        { what: 'an offline alert for every machine' },
      );
      await sleep(2500); // a few more ticks and scans in both processes
      for (const id of ids) expect(await records('offline', id), id).toHaveLength(1);
      const holders = await db.all("select holder from leases where name = 'alerts'");
      expect(holders).toHaveLength(1);
    } finally {
      await other.stop();
    }
  }, 120_000);
});
