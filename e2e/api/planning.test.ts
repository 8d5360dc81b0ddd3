import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch, sendJson, signIn, type Session } from '../support/auth';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from '../support/messages';
import { push } from '../support/push';
import { startServer, type RunningServer } from '../support/server';
import type { LineDetail, LinesOverview, RunDetail, SitesOverview } from '@/lib/planning/queries';

/**
 * Route planning against the real server: lines and sites, the ranking, the pick list's exact
 * shape and arithmetic, its validation, runs and their served state, and that a planner is
 * never sent a money figure.
 */
let server: RunningServer;
let planner: Session;
let finance: Session;
let lineId: number;
const LINE = '规划测试线';
const REFILL = Math.floor(Date.now() / 1000) - 2 * 86_400;

const place = (siteName: string, longitude: number, latitude: number) => ({
  lineName: LINE,
  siteName,
  location: { longitude, latitude },
});

async function user(role: string): Promise<Session> {
  const email = `${role}@planning.test`;
  const created = await sendJson(server.admin!, 'POST', '/api/v1/users', {
    email,
    name: role,
    role,
    password: `${role}-password-1`,
  });
  expect(created.status).toBe(201);
  return signIn(server.url, email, `${role}-password-1`);
}

beforeAll(async () => {
  server = await startServer();
  // PL-A: refilled (tea 12 left), 4 sold since; PL-B: ginger shelf sold out; PL-C: no refill.
  await push(server, 'device', deviceMessage('PL-A', place('西单站 F 口', 116.374232, 39.907463)));
  await push(
    server,
    'device',
    deviceMessage('PL-B', place('西直门站 A 口', 116.355093, 39.940726)),
  );
  await push(
    server,
    'device',
    deviceMessage('PL-C', place('北京南站南广场', 116.378517, 39.865196)),
  );
  await push(server, 'refill', refillMessage('PL-A', REFILL));
  await push(server, 'refill', refillMessage('PL-B', REFILL));
  await push(
    server,
    'trade',
    tradeMessage('pl-1', 'PL-A', { payTime: String(REFILL + 600), count: '4' }),
  );
  await push(
    server,
    'status',
    statusMessage('PL-B', {
      online: 0,
      shelvesState: [{ cid: 'PL-B', shelvesId: '1', state: 1, soldoutTime: String(REFILL + 3600) }],
    }),
  );
  await push(server, 'status', statusMessage('PL-C', { online: 1 }));
  planner = await user('planner');
  finance = await user('finance');
  const lines = await sendJson<LinesOverview>(planner, 'GET', '/api/v1/lines');
  lineId = lines.body.items.find((l) => l.name === LINE)!.id;
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('lines and sites', () => {
  it('lists the line with its figures in units', async () => {
    const r = await sendJson<LinesOverview>(planner, 'GET', '/api/v1/lines');
    expect(r.status).toBe(200);
    expect(r.body.items.find((l) => l.id === lineId)).toMatchObject({
      name: LINE,
      origin: 'push',
      machineCount: 3,
      siteCount: 3,
      soldOutShelves: 1,
      offlineMachines: 1,
      lastRefillTime: REFILL,
      unitsSinceRefill: 4,
      urgency: 'soldOut',
    });
  });

  it('ranks the machine with a sold-out shelf first with its reason, and orders the sites', async () => {
    const r = await sendJson<LineDetail>(planner, 'GET', `/api/v1/lines/${lineId}`);
    expect(r.status).toBe(200);
    expect(r.body.machines[0]).toMatchObject({
      rank: 1,
      assetId: 'PL-B',
      soldOutShelves: 1,
      urgency: 'soldOut',
    });
    expect(r.body.machines[0]!.reasons.map((x) => x.kind)).toEqual(['soldOut', 'sinceRefill']);
    expect(r.body.machines[0]!.reasons[0]).toEqual({
      kind: 'soldOut',
      points: 147,
      shelves: 1,
      hours: 47,
    });
    const c = r.body.machines.find((m) => m.assetId === 'PL-C')!;
    expect(c.reasons.map((x) => x.kind)).toEqual(['noRefill', 'offline']);
    // South to north along the line, each site numbered in visiting order.
    expect(r.body.sites.map((s) => [s.visit, s.name])).toEqual([
      [1, '北京南站南广场'],
      [2, '西单站 F 口'],
      [3, '西直门站 A 口'],
    ]);
    expect(r.body.sites[2]).toMatchObject({ longitude: 116.355093, latitude: 39.940726 });
  });

  it('answers 404 for a line that does not exist', async () => {
    expect((await sendJson(planner, 'GET', '/api/v1/lines/999999')).status).toBe(404);
    expect((await sendJson(planner, 'GET', '/api/v1/lines/abc')).status).toBe(404);
  });

  it('lists sites with coordinates, online state and urgency; finance may read them', async () => {
    const r = await sendJson<SitesOverview>(finance, 'GET', '/api/v1/sites');
    expect(r.status).toBe(200);
    const b = r.body.items.find((s) => s.name === '西直门站 A 口')!;
    expect(b).toMatchObject({
      lineId,
      lineName: LINE,
      machineCount: 1,
      online: 1,
      offline: 0,
      urgency: 'soldOut',
      machines: [expect.objectContaining({ assetId: 'PL-B', online: true })],
    });
    expect(b.longitude).toBeCloseTo(116.355093, 6);
    const c = r.body.items.find((s) => s.name === '北京南站南广场')!;
    expect(c).toMatchObject({ offline: 1, urgency: 'unknown' });
    expect((await sendJson(finance, 'GET', `/api/v1/lines/${lineId}`)).status).toBe(200);
  });
});

describe('POST /api/v1/pick-lists', () => {
  it('answers exactly {goods, shelves}; unknown stock is null and loaded as if empty', async () => {
    const r = await sendJson(planner, 'POST', '/api/v1/pick-lists', {
      assetIds: ['PL-B', 'PL-A', 'PL-C', 'PL-A'],
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      goods: [
        { goodsId: 'g-ginger', goodsName: '三得利蜜香暖姜', units: 60 },
        { goodsId: 'g-tea', goodsName: '统一冰绿茶', units: 16 },
      ],
      shelves: [
        // PL-B: ginger sold out → 0; tea 12 of 12.
        {
          assetId: 'PL-B',
          cid: 'PL-B',
          locationId: '1',
          goodsId: 'g-ginger',
          capacity: 20,
          estimatedStock: 0,
          units: 20,
        },
        {
          assetId: 'PL-B',
          cid: 'PL-B',
          locationId: '2',
          goodsId: 'g-tea',
          capacity: 12,
          estimatedStock: 12,
          units: 0,
        },
        // PL-A: ginger never settled → unknown; tea 12 − 4 sold.
        {
          assetId: 'PL-A',
          cid: 'PL-A',
          locationId: '1',
          goodsId: 'g-ginger',
          capacity: 20,
          estimatedStock: null,
          units: 20,
        },
        {
          assetId: 'PL-A',
          cid: 'PL-A',
          locationId: '2',
          goodsId: 'g-tea',
          capacity: 12,
          estimatedStock: 8,
          units: 4,
        },
        // PL-C: no refill at all.
        {
          assetId: 'PL-C',
          cid: 'PL-C',
          locationId: '1',
          goodsId: 'g-ginger',
          capacity: 20,
          estimatedStock: null,
          units: 20,
        },
        {
          assetId: 'PL-C',
          cid: 'PL-C',
          locationId: '2',
          goodsId: 'g-tea',
          capacity: 12,
          estimatedStock: null,
          units: 12,
        },
      ],
    });
  });

  it.each([
    ['no assetIds', {}, 'assetIds'],
    ['an empty list', { assetIds: [] }, 'assetIds'],
    ['a number for an asset id', { assetIds: ['PL-A', 7] }, 'assetIds.1'],
    ['an unknown machine', { assetIds: ['PL-A', 'NO-SUCH'] }, 'assetIds.1: no machine "NO-SUCH"'],
    ['an unknown field', { assetIds: ['PL-A'], price: 1 }, 'price'],
    // PostgreSQL's text cannot hold it: the lookup failed there with a 500 (stop 28).
    [
      'a NUL in an asset id',
      { assetIds: ['PL-A', 'P\u0000L'] },
      'assetIds.1: must not contain U+0000',
    ],
    ['a NUL in a key', { assetIds: ['PL-A'], 'x\u0000': 1 }, 'x\u0000: must not contain U+0000'],
  ])('refuses %s with 422 naming the field', async (_what, body, field) => {
    const r = await sendJson<{ error: { code: string; message: string } }>(
      planner,
      'POST',
      '/api/v1/pick-lists',
      body,
    );
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('UNPROCESSABLE');
    expect(r.body.error.message).toContain(field);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const r = await authedFetch(planner, '/api/v1/pick-lists', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"assetIds": [',
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('INVALID_JSON');
  });

  it("downloads as CSV in the reader's language whose goods totals are the sums of its shelves", async () => {
    const r = await authedFetch(planner, '/api/v1/pick-lists/export?assetIds=PL-B,PL-A', {
      headers: { cookie: `${planner.cookie}; locale=en` },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="pick-list-/);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark
    const text = new TextDecoder().decode(bytes);
    const [header, ...rows] = text.trim().split('\r\n');
    expect(header).toBe(
      'Row,Goods number,Goods,Units,Machine,Machine number,Site,Container,Shelf,Capacity,Estimated stock',
    );
    const cells = rows.map((l) => l.split(','));
    const sum = (name: string) =>
      cells.filter((c) => c[0] === 'Shelf' && c[2] === name).reduce((n, c) => n + Number(c[3]), 0);
    const goods = cells.filter((c) => c[0] === 'Goods total');
    // Tea by the number its trades carried; ginger never sold, so it has no number.
    expect(goods.map((c) => [c[1], c[2], Number(c[3])])).toEqual([
      ['', '三得利蜜香暖姜', 40],
      ['2345464676', '统一冰绿茶', 4],
    ]);
    for (const c of goods) expect(Number(c[3])).toBe(sum(c[2]!));
    // PL-B's tea shelf is full: no row with 0 units.
    expect(cells.filter((c) => c[0] === 'Shelf').every((c) => Number(c[3]) > 0)).toBe(true);
    expect(cells.find((c) => c[5] === 'PL-A' && c[8] === '1')![10]).toBe('');
    const zh = await authedFetch(planner, '/api/v1/pick-lists/export?lineIds=' + lineId);
    expect((await zh.text()).split('\r\n')[0]).toBe(
      '类型,商品编号,商品,件数,机器,机器编号,点位,货柜,货道,容量,预计库存',
    );
    const bad = await authedFetch(planner, '/api/v1/pick-lists/export?assetIds=');
    expect(bad.status).toBe(400);
  });
});

describe('GET /api/v1/pick-lists (a pick sheet of any selection)', () => {
  type Sheet = import('@/lib/planning/queries').PickSheet;
  type Envelope = { error: { code: string; message: string } };

  it("lists goods by number and name and each machine's shelves to load, no zero rows", async () => {
    const r = await sendJson<Sheet>(planner, 'GET', '/api/v1/pick-lists?assetIds=PL-B,PL-A');
    expect(r.status).toBe(200);
    expect(r.body.goods).toEqual([
      { goodsId: 'g-ginger', number: null, name: '三得利蜜香暖姜', units: 40 },
      { goodsId: 'g-tea', number: '2345464676', name: '统一冰绿茶', units: 4 },
    ]);
    expect(r.body.totalUnits).toBe(44);
    const [b, a] = r.body.machines;
    expect(b).toMatchObject({
      assetId: 'PL-B',
      siteName: '西直门站 A 口',
      lineName: LINE,
      units: 20,
    });
    // PL-B's tea shelf is full (12 of 12): left out.
    expect(b!.shelves).toEqual([
      {
        container: null,
        locationId: '1',
        goodsId: 'g-ginger',
        number: null,
        name: '三得利蜜香暖姜',
        capacity: 20,
        estimatedStock: 0,
        units: 20,
      },
    ]);
    expect(a!.shelves.map((s) => [s.locationId, s.number, s.units])).toEqual([
      ['1', null, 20],
      ['2', '2345464676', 4],
    ]);
    for (const m of r.body.machines) for (const s of m.shelves) expect(s.units).toBeGreaterThan(0);
  });

  it('builds from whole lines, every machine of the line once', async () => {
    const r = await sendJson<Sheet>(
      planner,
      'GET',
      `/api/v1/pick-lists?lineIds=${lineId},${lineId}`,
    );
    expect(r.status).toBe(200);
    expect(r.body.machines.map((m) => m.assetId).sort()).toEqual(['PL-A', 'PL-B', 'PL-C']);
    expect(r.body.totalUnits).toBe(44 + 32);
  });

  const many = Array.from({ length: 101 }, (_, i) => `M${i}`).join(',');
  const lines21 = Array.from({ length: 21 }, (_, i) => i + 1).join(',');
  it.each([
    ['neither assetIds nor lineIds', '', 400, 'either assetIds or lineIds'],
    ['both', `?assetIds=PL-A&lineIds=1`, 400, 'either assetIds or lineIds'],
    ['an empty asset id', '?assetIds=PL-A,,PL-B', 400, 'may not be empty'],
    ['101 machines', `?assetIds=${many}`, 400, 'at most 100 machines'],
    ['21 lines', `?lineIds=${lines21}`, 400, 'at most 20 lines'],
    ['a line id that is not a number', '?lineIds=1,x', 400, 'positive whole number'],
    ['an unknown machine', '?assetIds=PL-A,NO-SUCH', 422, 'assetIds.1: no machine "NO-SUCH"'],
    ['an unknown line', '?lineIds=999999', 422, 'no line 999999'],
  ])('refuses %s with a clear error', async (_what, query, status, message) => {
    const r = await sendJson<Envelope>(planner, 'GET', `/api/v1/pick-lists${query}`);
    expect(r.status).toBe(status);
    expect(r.body.error.message).toContain(message);
  });

  it('refuses lines holding more machines than one pick list takes with 422', async () => {
    for (let i = 0; i <= 100; i++)
      await push(
        server,
        'device',
        deviceMessage(`BIG-${i}`, { lineName: '大线路', siteName: '大站' }),
      );
    const lines = await sendJson<LinesOverview>(planner, 'GET', '/api/v1/lines');
    const big = lines.body.items.find((l) => l.name === '大线路')!;
    const r = await sendJson<Envelope>(planner, 'GET', `/api/v1/pick-lists?lineIds=${big.id}`);
    expect(r.status).toBe(422);
    expect(r.body.error.message).toBe(
      'lineIds: these lines hold 101 machines; a pick list takes at most 100',
    );
  }, 60_000);

  it('is for planning roles only', async () => {
    expect((await sendJson(finance, 'GET', '/api/v1/pick-lists?assetIds=PL-A')).status).toBe(403);
  });
});

describe('runs', () => {
  it('a planner builds a run; it is audited, and a later settlement marks the machine served', async () => {
    const made = await sendJson<RunDetail>(planner, 'POST', '/api/v1/runs', {
      assetIds: ['PL-B', 'PL-A'],
      lineId,
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      lineId,
      lineName: LINE,
      createdBy: 'planner@planning.test',
      machineCount: 2,
      servedCount: 0,
      machines: [
        { assetId: 'PL-B', position: 0, servedAt: null },
        { assetId: 'PL-A', position: 1, servedAt: null },
      ],
    });
    expect(made.body.pickList.shelves).toHaveLength(4);

    const refillTime = made.body.createdAt + 5;
    await push(server, 'refill', refillMessage('PL-B', refillTime));
    const run = await sendJson<RunDetail>(planner, 'GET', `/api/v1/runs/${made.body.id}`);
    expect(run.body.servedCount).toBe(1);
    expect(run.body.machines[0]).toMatchObject({ assetId: 'PL-B', servedAt: refillTime });
    expect(run.body.machines[1]!.servedAt).toBeNull();
    const list = await sendJson<{ items: { id: number; servedCount: number }[] }>(
      planner,
      'GET',
      '/api/v1/runs',
    );
    expect(list.body.items[0]).toMatchObject({ id: made.body.id, servedCount: 1 });

    const audit = await sendJson<{
      items: { action: string; targetId: string; actorLabel: string }[];
    }>(server.admin!, 'GET', '/api/v1/audit?action=run.create');
    expect(audit.body.items[0]).toMatchObject({
      action: 'run.create',
      targetId: String(made.body.id),
      actorLabel: 'planner@planning.test',
    });
  });

  it('refuses an unknown machine or line with 422 naming the field', async () => {
    const a = await sendJson<{ error: { message: string } }>(planner, 'POST', '/api/v1/runs', {
      assetIds: ['PL-A', 'GONE'],
    });
    expect(a.status).toBe(422);
    expect(a.body.error.message).toBe('assetIds.1: no machine "GONE"');
    const b = await sendJson<{ error: { message: string } }>(planner, 'POST', '/api/v1/runs', {
      assetIds: ['PL-A'],
      lineId: 999999,
    });
    expect(b.status).toBe(422);
    expect(b.body.error.message).toContain('lineId');
    expect((await sendJson(planner, 'GET', '/api/v1/runs/999999')).status).toBe(404);
  });

  it('is not for finance', async () => {
    expect((await sendJson(finance, 'GET', '/api/v1/runs')).status).toBe(403);
    expect(
      (await sendJson(finance, 'POST', '/api/v1/pick-lists', { assetIds: ['PL-A'] })).status,
    ).toBe(403);
  });
});

describe('a planner gets no money figures', () => {
  const MONEY = /price|amount|fee|sales|cost|money|revenue|yuan|fen$/i;
  const keys = (v: unknown, out: string[] = []): string[] => {
    if (Array.isArray(v)) v.forEach((x) => keys(x, out));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        keys(x, out);
      }
    return out;
  };

  it('in any planning answer, JSON or CSV', async () => {
    const runs = await sendJson<{ items: { id: number }[] }>(planner, 'GET', '/api/v1/runs');
    const answers = [
      await sendJson(planner, 'GET', '/api/v1/lines'),
      await sendJson(planner, 'GET', `/api/v1/lines/${lineId}`),
      await sendJson(planner, 'GET', '/api/v1/sites'),
      runs,
      await sendJson(planner, 'GET', `/api/v1/runs/${runs.body.items[0]!.id}`),
      await sendJson(planner, 'POST', '/api/v1/pick-lists', { assetIds: ['PL-A', 'PL-B'] }),
    ];
    for (const a of answers) {
      expect(a.status).toBe(200);
      const found = keys(a.body).filter((k) => MONEY.test(k));
      expect(found).toEqual([]);
      // The shelves' prices (300 and 500 fen) leak under no other name either.
      expect(JSON.stringify(a.body)).not.toMatch(/[:[,](300|500)[,\]}]/);
    }
    const csv = await (
      await authedFetch(planner, '/api/v1/pick-lists/export?assetIds=PL-A,PL-B')
    ).text();
    expect(csv.split('\r\n')[0]).not.toMatch(MONEY);
  });

  it('and the planning pages render without them', async () => {
    for (const path of ['/lines', `/lines/${lineId}`, '/sites', '/pick-lists']) {
      const r = await authedFetch(planner, path);
      expect(r.status, path).toBe(200);
      // The page's data (the catalogue's own "price" message aside) carries no price value.
      const html = await r.text();
      expect(html, path).not.toMatch(/\\?"(price|amount|fee)\\?":\s*\d/);
    }
  });

  it('a line that does not exist is a 404 page; finance reads a line without building runs', async () => {
    for (const path of ['/lines/999999', '/lines/abc']) {
      const r = await authedFetch(planner, path);
      expect(r.status, path).toBe(404);
      expect(await r.text()).toContain('没有这条线路');
    }
    const asPlanner = await (await authedFetch(planner, `/lines/${lineId}`)).text();
    const asFinance = await (await authedFetch(finance, `/lines/${lineId}`)).text();
    // The page's markup (the catalogue travels with every page, so match the button itself).
    const button = /<button[^>]*>生成行程和拣货单<\/button>/;
    expect(asPlanner).toMatch(button);
    expect(asFinance).toContain('data-testid="rank-1"');
    expect(asFinance).not.toMatch(button);
    expect((await authedFetch(finance, '/pick-lists')).status).toBe(403);
  });
});
