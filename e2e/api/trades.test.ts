import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch, sendJson, signIn, type Session } from '../support/auth';
import { deviceMessage, refillMessage, tradeMessage } from '../support/messages';
import { getJson, push } from '../support/push';
import { startServer, type RunningServer } from '../support/server';

/**
 * The trade search (D80) against the production server: each filter, cursor paging newest
 * first, a refill visit's window, the CSV in the reader's language, bad parameters, the
 * export's bound, and who may ask.
 */
let server: RunningServer;
let finance: Session;
let planner: Session;
/** 2025-03-10 00:00 in Asia/Shanghai, the fleet's default time zone. */
const DAY0 = 1_741_536_000;
const H = 3600;

const sale = (id: string, assetId: string, t: number, o: Record<string, unknown> = {}) =>
  push(server, 'trade', tradeMessage(id, assetId, { payTime: String(t), ...o }));

interface Trade {
  id: string;
  orderNo: string;
  tradeNo: string;
  assetId: string;
  machineName: string | null;
  payTime: number;
  refillVisitId: number | null;
  refundStatus: number | null;
}
interface Page {
  items: Trade[];
  nextCursor: string | null;
}
const ids = (p: Page) => p.items.map((t) => t.id);
const get = (q: string) => getJson<Page>(server, `/api/v1/trades?${q}`);
const error = (q: string) =>
  getJson<{ error: { code: string; message: string } }>(server, `/api/v1/trades?${q}`);

beforeAll(async () => {
  server = await startServer();
  await push(server, 'device', deviceMessage('TR-1', { name: '一号机' }));
  await push(server, 'device', deviceMessage('TR-2'));
  await sale('t1', 'TR-1', DAY0 + H);
  await sale('t2', 'TR-1', DAY0 + 2 * H, { payStyle: '3', goodsId: 'g-ginger' });
  await sale('t3', 'TR-1', DAY0 + 3 * H, {
    deliverStatus: '3',
    refundStatus: '2',
    refundFee: '300',
  });
  await sale('t4', 'TR-2', DAY0 + 4 * H, { payStatus: '2' });
  await sale('t5', 'TR-2', DAY0 + 40 * H);
  // TR-1's visit at DAY0 + 2.5 h covers t1 and t2 (its window starts at DAY0).
  await push(server, 'refill', { ...refillMessage('TR-1', DAY0 + 2.5 * H), lastRefillTime: DAY0 });
  for (const [email, role] of [
    ['finance@trades.test', 'finance'],
    ['planner@trades.test', 'planner'],
  ])
    await sendJson(server.admin!, 'POST', '/api/v1/users', {
      email,
      name: role,
      role,
      password: `${role}-password-1`,
    });
  finance = await signIn(server.url, 'finance@trades.test', 'finance-password-1');
  planner = await signIn(server.url, 'planner@trades.test', 'planner-password-1');
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('GET /api/v1/trades', () => {
  it('finds one trade by its order number and by its trade number', async () => {
    const all = await get('order=desc');
    const t3 = all.body.items.find((t) => t.id === 't3')!;
    expect(ids((await get(`orderNo=${t3.orderNo}`)).body)).toEqual(['t3']);
    expect(ids((await get(`tradeNo=${t3.tradeNo}`)).body)).toEqual(['t3']);
    expect(ids((await get('orderNo=no-such-order')).body)).toEqual([]);
  });

  it('filters by machine, goods, payment method, states, refunds and time', async () => {
    expect(ids((await get('assetId=TR-2')).body)).toEqual(['t4', 't5']);
    expect(ids((await get('goodsId=g-ginger')).body)).toEqual(['t2']);
    expect(ids((await get('payStyle=3')).body)).toEqual(['t2']);
    expect(ids((await get('payStatus=2')).body)).toEqual(['t4']);
    expect(ids((await get('delivery=failed')).body)).toEqual(['t3']);
    expect(ids((await get('refundStatus=2')).body)).toEqual(['t3']);
    expect(ids((await get('refunds=1')).body)).toEqual(['t3']);
    const range = `startTime=${DAY0 + 2 * H}&endTime=${DAY0 + 4 * H}`;
    expect(ids((await get(range)).body)).toEqual(['t2', 't3', 't4']);
  });

  it('names the machine and links each trade to the refill visit covering it', async () => {
    const items = (await get('assetId=TR-1')).body.items;
    expect(items.map((t) => t.machineName)).toEqual(['一号机', '一号机', '一号机']);
    const [t1, t2, t3] = items;
    expect(t1!.refillVisitId).toBeGreaterThan(0);
    expect(t2!.refillVisitId).toBe(t1!.refillVisitId);
    expect(t3!.refillVisitId).toBeNull();
    expect(ids((await get(`refillId=${t1!.refillVisitId}`)).body)).toEqual(['t1', 't2']);
    const missing = await error('refillId=999999');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('refill visit 999999');
  });

  it('pages newest first by cursor, each trade once', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const page = (await get(`order=desc&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...ids(page));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(['t5', 't4', 't3', 't2', 't1']);
  });

  it('refuses bad parameters with a 400 naming the field', async () => {
    for (const [q, field] of [
      ['payStyle=wechat', 'payStyle'],
      ['payStatus=-1', 'payStatus'],
      ['delivery=lost', 'delivery'],
      ['refunds=yes', 'refunds'],
      ['refillId=0', 'refillId'],
      ['order=up', 'order'],
      ['cursor=12', 'cursor'],
      ['limit=5000', 'limit'],
      [`orderNo=${'x'.repeat(65)}`, 'orderNo'],
      [`startTime=${DAY0 + 10}&endTime=${DAY0}`, 'endTime'],
      ['startTime=1741536000000', 'startTime'],
    ]) {
      const r = await error(q!);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code).toBe('INVALID_QUERY');
      expect(r.body.error.message.startsWith(`${field}:`), r.body.error.message).toBe(true);
    }
  });

  it('is money: finance may search, planners may not', async () => {
    expect((await authedFetch(finance, '/api/v1/trades')).status).toBe(200);
    const r = await authedFetch(planner, '/api/v1/trades');
    expect(r.status).toBe(403);
    expect((await authedFetch(planner, '/api/v1/trades?format=csv&orderNo=x')).status).toBe(403);
  });
});

describe('GET /api/v1/trades?format=csv', () => {
  const csv = (q: string, locale: string) =>
    authedFetch(finance, `/api/v1/trades?format=csv&${q}`, {
      headers: { cookie: `${finance.cookie}; locale=${locale}` },
    });
  const range = `startTime=${DAY0}&endTime=${DAY0 + 2 * 86_400 - 1}`;

  it('gives the selection with headers and words in the reader language, money in yuan', async () => {
    const zh = await csv(`${range}&refunds=1`, 'zh-CN');
    expect(zh.status).toBe(200);
    expect(zh.headers.get('content-type')).toContain('text/csv');
    expect(zh.headers.get('content-disposition')).toContain('trades-2025-03-10-2025-03-11.csv');
    const lines = (await zh.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      '时间,订单号,交易号,资产编号,机器,商品,商品编号,货道,数量,金额（元）,支付方式,支付状态,出货,退款,退款金额（元）,退款时间',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('2025-03-10 03:00:00');
    expect(lines[1]).toContain(',3.00,微信支付,支付成功,');
    expect(lines[1]).toContain(',3.00,');

    const en = await csv(range, 'en');
    const text = (await en.text()).replace(/^\uFEFF/, '');
    expect(text.split('\r\n')[0]).toBe(
      'Time,Order no.,Trade no.,Asset ID,Machine,Goods,Goods no.,Shelf,Qty,Amount (¥),Payment method,Payment status,Delivery,Refund,Refund amount (¥),Refund time',
    );
    expect(text.trim().split('\r\n')).toHaveLength(1 + 5);
    expect(text).toContain('Alipay');
    expect(text).toContain('Refunded ¥3.00');
  });

  it('is bounded: 31 days at most, or one number or visit (422 RANGE_TOO_LONG)', async () => {
    for (const q of ['', `startTime=${DAY0}`, `startTime=${DAY0}&endTime=${DAY0 + 31 * 86_400}`]) {
      const r = await csv(q, 'en');
      expect(r.status, q).toBe(422);
      const body = (await r.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('RANGE_TOO_LONG');
      expect(body.error.message).toContain('31 days');
    }
    expect((await csv(`startTime=${DAY0}&endTime=${DAY0 + 31 * 86_400 - 1}`, 'en')).status).toBe(
      200,
    );
    expect((await csv('orderNo=anything', 'en')).status).toBe(200);
  });
});
