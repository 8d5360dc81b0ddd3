import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch, sendJson, signIn, type Session } from '../support/auth';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from '../support/messages';
import { getJson, push } from '../support/push';
import { startServer, type RunningServer } from '../support/server';
import type { MachineTemperatures } from '@/lib/fleet/temperatures';

let server: RunningServer;
let planner: Session;
let start: number;

const temper = (left: number, right: number, extra: Record<string, number> = {}) => ({
  temperState: [
    {
      cid: 'master',
      temperDetail: {
        cryTemUL: 8,
        cryTemDL: 4,
        heatTemUL: 60,
        heatTemDL: 50,
        leftRmTem: left,
        rightRmTem: right,
        leftRmRef: 1,
        rightRmRef: 1,
        leftRmHeat: 0,
        rightRmHeat: 0,
        ...extra,
      },
    },
  ],
});

beforeAll(async () => {
  server = await startServer();
  start = Math.floor(Date.now() / 1000) - 1;
  await push(server, 'device', deviceMessage('TMP-1', { name: '温度测试机' }));
  for (const [l, r] of [
    [5, 6],
    [12, 6],
    [6, 2],
    [7, 7],
  ] as const)
    await push(server, 'status', statusMessage('TMP-1', temper(l, r)));
  const created = await sendJson(server.admin!, 'POST', '/api/v1/users', {
    email: 'planner@machine.test',
    name: 'planner',
    role: 'planner',
    password: 'planner-password-1',
  });
  expect(created.status).toBe(201);
  planner = await signIn(server.url, 'planner@machine.test', 'planner-password-1');
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const temps = (query: string) =>
  getJson<MachineTemperatures & { error?: { code: string; message: string } }>(
    server,
    `/api/v1/machines/TMP-1/temperatures${query}`,
  );

describe('GET /api/v1/machines/{assetId}/temperatures', () => {
  it('answers each reading with its band and excursion flags', async () => {
    const now = Math.floor(Date.now() / 1000) + 5;
    const r = await temps(`?from=${start}&to=${now}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ assetId: 'TMP-1', from: start, to: now });
    const [c] = r.body.containers;
    expect(c!.cid).toBe('master');
    expect(c!.bucketSeconds).toBeNull();
    expect(c!.excursions).toBe(2);
    expect(c!.points.map((p) => [p.left?.value, p.left?.excursion, p.right?.excursion])).toEqual([
      [5, null, null],
      [12, 'above', null],
      [6, null, 'below'],
      [7, null, null],
    ]);
    expect(c!.points[0]!.leftBand).toEqual({ mode: 'cooling', low: 4, high: 8 });
  });

  it('downsamples to the points asked for without losing an excursion', async () => {
    await push(server, 'device', deviceMessage('TMP-2'));
    const lefts = [5, 6, 5, 6, 12, 6, 5, 6, 5, 6, 5, 6];
    for (const [i, l] of lefts.entries())
      await push(server, 'status', statusMessage('TMP-2', temper(l, i === 7 ? 2 : 6)));
    const now = Math.floor(Date.now() / 1000) + 5;
    const r = await getJson<MachineTemperatures>(
      server,
      `/api/v1/machines/TMP-2/temperatures?from=${now - 30 * 86_400}&to=${now}&points=10`,
    );
    expect(r.status).toBe(200);
    const [c] = r.body.containers;
    expect(c!.bucketSeconds).toBe(259_201);
    expect(c!.excursions).toBe(2);
    // Twelve readings within seconds of each other: one bucket, at most ten points.
    expect(c!.points).toHaveLength(1);
    expect(c!.points[0]).toMatchObject({
      readings: 12,
      left: { min: 5, max: 12, value: 6.1, excursion: 'above' },
      right: { min: 2, max: 6, excursion: 'below' },
    });
  });

  it('defaults to the last day, and has no points for a range without readings', async () => {
    expect((await temps('')).body.containers[0]!.points).toHaveLength(4);
    const old = await temps('?from=1700000000&to=1700003600');
    expect(old.status).toBe(200);
    expect(old.body.containers).toEqual([
      { cid: 'master', bucketSeconds: null, points: [], excursions: 0 },
    ]);
  });

  it('refuses a bad range with a 400 naming the parameter', async () => {
    for (const [query, name] of [
      ['?from=abc', 'from'],
      ['?from=1700000000&to=1700000000', 'from'],
      ['?from=1700003600&to=1700000000', 'from'],
      ['?from=1600000000&to=1700000000', 'from'],
      ['?to=1700000000000', 'to'],
      ['?to=-5', 'to'],
      ['?points=5000', 'points'],
    ] as const) {
      const r = await temps(query);
      expect(r.status, query).toBe(400);
      expect(r.body.error!.code).toBe('INVALID_QUERY');
      expect(r.body.error!.message, query).toMatch(new RegExp(`^${name}:`));
    }
  });

  it('answers 404 for a machine it does not know, 401 without sign-in', async () => {
    const r = await getJson<{ error: { code: string } }>(
      server,
      '/api/v1/machines/NOPE/temperatures',
    );
    expect(r.status).toBe(404);
    const anon = await fetch(`${server.url}/api/v1/machines/TMP-1/temperatures`);
    expect(anon.status).toBe(401);
  });
});

describe('the machine page', () => {
  it('is server-rendered with the machine’s goods and estimated stock', async () => {
    await push(server, 'refill', refillMessage('TMP-1', start - 3600));
    await push(server, 'trade', tradeMessage('TMP-T1', 'TMP-1', { payTime: String(start) }));
    const r = await authedFetch(server.admin!, '/machines/TMP-1');
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('温度测试机');
    expect(html).toContain('三得利蜜香暖姜');
    expect(html).toContain('统一冰绿茶');
    expect(html).toContain('data-testid="recent-trades"');
    const detail = await getJson<{
      containers: { shelves: { locationId: string; estimatedStock: number | null }[] }[];
    }>(server, '/api/v1/machines/TMP-1');
    expect(detail.body.containers[0]!.shelves.map((s) => s.estimatedStock)).toEqual([null, 11]);
  });

  it('leaves the trades out for a planner', async () => {
    const r = await authedFetch(planner, '/machines/TMP-1');
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('统一冰绿茶');
    expect(html).not.toContain('data-testid="recent-trades"');
  });

  it('answers an unknown machine with the 404 page from the catalogue', async () => {
    const r = await authedFetch(server.admin!, '/machines/NO-SUCH-MACHINE');
    expect(r.status).toBe(404);
    expect(await r.text()).toContain('找不到这台售货机');
  });
});
