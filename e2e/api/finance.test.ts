import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch, sendJson, signIn, type Session } from '../support/auth';
import { deviceMessage, refillMessage, tradeMessage } from '../support/messages';
import { getJson, push } from '../support/push';
import { startServer, type RunningServer } from '../support/server';

/**
 * The finance APIs against the real server: §5.1 statistics with filters, the statistics
 * page's report and CSV, refill visits with their reconciliation, review and CSV, and what
 * each answers to bad input.
 */
let server: RunningServer;
let finance: Session;
/** 2025-03-10 00:00 in Asia/Shanghai, the fleet's default time zone. */
const DAY0 = 1_741_536_000;
const VISIT = DAY0 + 3 * 86_400 + 9 * 3600;

const sale = (id: string, assetId: string, t: number, o: Record<string, unknown> = {}) =>
  push(server, 'trade', tradeMessage(id, assetId, { payTime: String(t), ...o }));

type Stat = Record<string, number | string>;

beforeAll(async () => {
  server = await startServer();
  await push(server, 'device', deviceMessage('FIN-1', { lineName: '1 号线', siteName: '甲站' }));
  await push(server, 'device', deviceMessage('FIN-2', { lineName: '2 号线', siteName: '乙站' }));
  // FIN-1: two WeChat teas (one refunded after a failed vend), a cash ginger, a game prize.
  await sale('f1', 'FIN-1', DAY0 + 3600);
  await sale('f2', 'FIN-1', DAY0 + 7200);
  await sale('f2', 'FIN-1', DAY0 + 7200, {
    deliverStatus: '3',
    refundStatus: '2',
    refundFee: '300',
  });
  await sale('f3', 'FIN-1', DAY0 + 86_400, {
    payStyle: '4',
    locationId: '1',
    goodsId: 'g-ginger',
    goodsName: '三得利蜜香暖姜',
    price: '500',
  });
  await sale('f4', 'FIN-1', DAY0 + 86_400 + 60, { payStyle: '8' });
  // A re-push of the same paid trade changes nothing.
  await sale('f1', 'FIN-1', DAY0 + 3600);
  // FIN-2: one Alipay tea.
  await sale('f5', 'FIN-2', DAY0 + 2 * 86_400, { payStyle: '3' });
  // FIN-1's visit: the machine reports one more tea than we heard of.
  const base = refillMessage('FIN-1', VISIT);
  const pay = (tea: number) => [
    { name: 'total', sales: tea * 300 + 500 + 300, units: tea + 2 },
    { name: 'cash', sales: 500, units: 1 },
    { name: 'cashless', sales: tea * 300 + 300, units: tea + 1 },
    { name: 'wechat', sales: tea * 300, units: tea },
    { name: 'game', sales: 300, units: 1 },
  ];
  await push(server, 'refill', {
    ...base,
    lastRefillTime: DAY0,
    paySales: pay(2),
    shelfPaySales: [
      {
        ...base.shelfPaySales[0]!,
        paySales: [
          { name: 'total', sales: 900, units: 3 },
          { name: 'cash', sales: 0, units: 0 },
          { name: 'cashless', sales: 900, units: 3 },
          { name: 'wechat', sales: 600, units: 2 },
          { name: 'game', sales: 300, units: 1 },
        ],
      },
      {
        cid: 'FIN-1',
        locationId: '1',
        goodsId: 'g-ginger',
        goodsName: '三得利蜜香暖姜',
        price: 500,
        stock: 20,
        refillCount: 1,
        paySales: [
          { name: 'total', sales: 500, units: 1 },
          { name: 'cash', sales: 500, units: 1 },
          { name: 'cashless', sales: 0, units: 0 },
        ],
      },
    ],
  });
  await sendJson(server.admin!, 'POST', '/api/v1/users', {
    email: 'finance@finance.test',
    name: 'Fiona',
    role: 'finance',
    password: 'finance-password-1',
  });
  finance = await signIn(server.url, 'finance@finance.test', 'finance-password-1');
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const RANGE = `startTime=${DAY0}&endTime=${DAY0 + 7 * 86_400 - 1}`;

describe('GET /api/v1/stats/sales', () => {
  it('answers §5.1 per asset and for the fleet, refunds and prizes apart', async () => {
    const r = await getJson<{ total: Stat; items: Stat[]; nextOffset: number | null }>(
      server,
      `/api/v1/stats/sales?${RANGE}`,
    );
    expect(r.status).toBe(200);
    expect(r.body.items.map((s) => s.assetId)).toEqual(['FIN-1', 'FIN-2']);
    expect(r.body.items[0]).toMatchObject({
      count: 3,
      amount: 800,
      refundAmount: 300,
      wechatCount: 2,
      wechatAmount: 300,
      cashAmount: 500,
      outlineAmount: 500,
      onlineAmount: 300,
      gameCount: 1,
      gameAmount: 300,
      aliapyAmount: 0,
      othereCount: 0,
    });
    expect(r.body.total).toMatchObject({ assets: 2, count: 4, amount: 1100, alipayAmount: 300 });
    expect(r.body.nextOffset).toBeNull();
  });

  it('filters by line, machine, goods and payment method, and pages by asset', async () => {
    const get = (q: string) =>
      getJson<{ total: Stat; items: Stat[] }>(server, `/api/v1/stats/sales?${RANGE}&${q}`);
    expect((await get('lineName=2 号线')).body.total).toMatchObject({ count: 1, amount: 300 });
    expect((await get('assetIds=FIN-1,NOPE')).body.items.map((s) => [s.assetId, s.count])).toEqual([
      ['FIN-1', 3],
      ['NOPE', 0],
    ]);
    expect((await get('goodsIds=g-ginger')).body.total).toMatchObject({
      count: 1,
      cashAmount: 500,
    });
    expect((await get('payStyles=3,4')).body.total).toMatchObject({ count: 2, amount: 800 });
    const page = await getJson<{ items: Stat[]; nextOffset: number }>(
      server,
      `/api/v1/stats/sales?${RANGE}&limit=1`,
    );
    expect(page.body.items.map((s) => s.assetId)).toEqual(['FIN-1']);
    expect(page.body.nextOffset).toBe(1);
  });

  it.each([
    ['', 'startTime'],
    [`startTime=${DAY0}`, 'endTime'],
    [`startTime=${DAY0 + 10}&endTime=${DAY0}`, 'endTime'],
    [`${RANGE}&payStyles=2,wechat`, 'payStyles'],
    [`${RANGE}&limit=0`, 'limit'],
    [`startTime=1741536000000&endTime=1741536000001`, 'startTime'],
  ])('refuses %j with a 400 naming %s', async (query, field) => {
    const r = await getJson<{ error: { code: string; message: string } }>(
      server,
      `/api/v1/stats/sales?${query}`,
    );
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_QUERY');
    expect(r.body.error.message).toContain(field);
  });
});

describe('GET /api/v1/stats/sales/report', () => {
  it('gives the page its totals, payment methods, timeline, goods and machines', async () => {
    const r = await getJson<{
      statistic: Stat;
      grossAmount: number;
      refundedTrades: number;
      granularity: string;
      timeline: { start: number; net: number }[];
      byPayStyle: { payStyle: number; net: number }[];
      topGoods: { goodsId: string; name: string; net: number }[];
      machines: { total: number; items: { assetId: string; net: number; siteName: string }[] };
      options: { lines: string[]; goods: { goodsId: string }[] };
    }>(server, `/api/v1/stats/sales/report?${RANGE}`);
    expect(r.status).toBe(200);
    expect(r.body.statistic).toMatchObject({ count: 4, amount: 1100, refundAmount: 300 });
    expect(r.body.grossAmount).toBe(1400);
    expect(r.body.refundedTrades).toBe(1);
    expect(r.body.granularity).toBe('day');
    expect(r.body.timeline.map((p) => p.net)).toEqual([300, 500, 300, 0, 0, 0, 0]);
    expect(r.body.timeline[0]!.start).toBe(DAY0);
    // Highest net first; WeChat's 3.00 is 6.00 sold less a 3.00 refund.
    expect(r.body.byPayStyle.map((p) => [p.payStyle, p.net])).toEqual([
      [4, 500],
      [2, 300],
      [3, 300],
      [8, 300],
    ]);
    // Goods and machines leave the game prize out.
    expect(r.body.topGoods.map((g) => [g.goodsId, g.name, g.net])).toEqual([
      ['g-tea', '统一冰绿茶', 600],
      ['g-ginger', '三得利蜜香暖姜', 500],
    ]);
    expect(r.body.machines.items.map((m) => [m.assetId, m.net, m.siteName])).toEqual([
      ['FIN-1', 800, '甲站'],
      ['FIN-2', 300, '乙站'],
    ]);
    expect(r.body.options.lines).toEqual(['1 号线', '2 号线']);
  });

  it('exports the same figures as CSV, in the reader’s language', async () => {
    const r = await authedFetch(server.admin!, `/api/v1/stats/sales/report?${RANGE}&format=csv`, {
      headers: { cookie: `${server.admin!.cookie}; locale=en` },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    const text = await r.text();
    expect(text).toContain('Sales statistics');
    expect(text).toContain('Net sales,4,11.00');
    expect(text).toContain('Refunds,1,3.00');
    expect(text).toContain('FIN-1,测试机#N-1,甲站,1 号线,3,11.00,3.00,8.00');
    // People's words only: headers translated, no spec section numbers (issue 18).
    expect(text).toContain('Goods,Goods number,Goods ID,Items');
    expect(text).not.toContain('§');
  });

  it('refuses a range too long for its timeline, naming the longest allowed', async () => {
    const report = (q: string) =>
      getJson<{ error: { code: string; message: string } }>(
        server,
        `/api/v1/stats/sales/report?${q}`,
      );
    const hourly = await report(`startTime=${DAY0}&endTime=${DAY0 + 40 * 86_400}&granularity=hour`);
    expect(hourly.status).toBe(422);
    expect(hourly.body.error.code).toBe('RANGE_TOO_LONG');
    expect(hourly.body.error.message).toContain('by hour covers at most 31 days');
    // The request that once kept the server busy for two minutes.
    const ages = await report('startTime=0&endTime=99999999999&granularity=day');
    expect(ages.status).toBe(422);
    expect(ages.body.error.message).toContain('by day covers at most 3 years');
    const noUnit = await report('startTime=0&endTime=99999999999');
    expect(noUnit.status).toBe(422);
    expect(noUnit.body.error.message).toContain('at most 10 years');
    const statistic = await getJson<{ error: { code: string } }>(
      server,
      '/api/v1/stats/sales?startTime=0&endTime=99999999999',
    );
    expect(statistic.status).toBe(422);
    expect(statistic.body.error.code).toBe('RANGE_TOO_LONG');
    // Three years by day is still answered.
    const years = await report(`startTime=${DAY0 - 1095 * 86_400}&endTime=${DAY0}&granularity=day`);
    expect(years.status).toBe(200);
  });
});

interface Visit {
  id: number;
  verdict: string;
  expected: { units: number; sales: number };
  total: { units: number; sales: number };
  review: { note: string; reviewedBy: string } | null;
}

describe('refill visits', () => {
  let id: number;

  it('lists the visit with what it reported, what our trades say and the verdict', async () => {
    const r = await getJson<{ items: Visit[] }>(server, '/api/v1/refills?assetId=FIN-1');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(1);
    id = r.body.items[0]!.id;
    expect(r.body.items[0]).toMatchObject({
      verdict: 'trades_missing',
      expected: { units: 3, sales: 1100 },
      total: { units: 4, sales: 1400 },
      review: null,
    });
  });

  it('reconciles shelf by shelf: the tea shelf reported one WeChat sale too many', async () => {
    const r = await getJson<{
      source: string;
      reconciliation: {
        window: { from: number; to: number };
        shelves: {
          locationId: string;
          status: string;
          lines: { name: string; status: string }[];
        }[];
      };
    }>(server, `/api/v1/refills/${id}`);
    expect(r.status).toBe(200);
    expect(r.body.source).toBe('push');
    expect(r.body.reconciliation.window).toEqual({ from: DAY0, to: VISIT });
    const [tea, ginger] = r.body.reconciliation.shelves;
    expect(tea).toMatchObject({ locationId: '2', status: 'over' });
    expect(tea!.lines.find((l) => l.name === 'wechat')!.status).toBe('over');
    expect(ginger).toMatchObject({ locationId: '1', status: 'matched' });
  });

  it('lets finance mark it reviewed with a note, kept in the audit log', async () => {
    const empty = await sendJson<{ error: { message: string } }>(
      finance,
      'POST',
      `/api/v1/refills/${id}/review`,
      { note: '  ' },
    );
    expect(empty.status).toBe(422);
    expect(empty.body.error.message).toContain('note');
    const bad = await sendJson(finance, 'POST', `/api/v1/refills/${id}/review`, '[');
    expect(bad.status).toBe(422);
    const ok = await sendJson(finance, 'POST', `/api/v1/refills/${id}/review`, {
      note: 'Pushes lost on the 11th; pulled and checked.',
    });
    expect(ok.status).toBe(200);
    const listed = await getJson<{ items: Visit[] }>(server, '/api/v1/refills?reviewed=yes');
    expect(listed.body.items[0]!.review).toMatchObject({
      note: 'Pushes lost on the 11th; pulled and checked.',
      reviewedBy: 'finance@finance.test',
    });
    const log = await getJson<{ items: { action: string; targetId: string; after: unknown }[] }>(
      server,
      '/api/v1/audit?action=refill.review',
    );
    expect(log.body.items[0]).toMatchObject({
      targetId: String(id),
      after: { note: 'Pushes lost on the 11th; pulled and checked.', verdict: 'trades_missing' },
    });
    const missing = await sendJson(finance, 'POST', '/api/v1/refills/999999/review', { note: 'x' });
    expect(missing.status).toBe(404);
  });

  it('filters by verdict and source, and refuses bad filters by name', async () => {
    const matched = await getJson<{ items: Visit[] }>(server, '/api/v1/refills?verdict=matched');
    expect(matched.body.items).toEqual([]);
    const pulled = await getJson<{ items: Visit[] }>(server, '/api/v1/refills?source=pull');
    expect(pulled.body.items).toEqual([]);
    for (const [q, field] of [
      ['verdict=fine', 'verdict'],
      ['from=10&to=5', 'to'],
      ['reviewed=maybe', 'reviewed'],
    ]) {
      const r = await getJson<{ error: { message: string } }>(server, `/api/v1/refills?${q}`);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toContain(field);
    }
    expect((await getJson(server, '/api/v1/refills/abc')).status).toBe(404);
    expect((await getJson(server, '/api/v1/refills/999999')).status).toBe(404);
  });

  it('exports the list and the visit as CSV', async () => {
    const list = await authedFetch(server.admin!, '/api/v1/refills?format=csv');
    expect(list.headers.get('content-disposition')).toContain('refill-visits.csv');
    const text = await list.text();
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(text.split('\r\n')[0]).toMatch(/^\uFEFF?补货记录编号,/);
    expect(text).not.toContain('§');
    expect(text).toContain('FIN-1');
    expect(text).toContain('14.00');
    const visit = await authedFetch(server.admin!, `/api/v1/refills/${id}?format=csv`, {
      headers: { cookie: `${server.admin!.cookie}; locale=en` },
    });
    const lines = (await visit.text()).split('\r\n');
    expect(lines).toContain('FIN-1,2,统一冰绿茶,12,3,WeChat Pay,1,2,1,3.00,6.00,3.00,Over');
  });

  it('says so when the machine reported no coin counts for the window', async () => {
    const r = await getJson<{ reconciliation: { coins: { end: unknown } } }>(
      server,
      `/api/v1/refills/${id}`,
    );
    expect(r.body.reconciliation.coins.end).toBeNull();
  });
});
