import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import { readSetting, writeSetting } from '@/db/queries/settings-kv';
import { fixturePlatform, type Route } from '@/e2e/support/fixture-platform';
import { olderRefill } from '@/e2e/support/refill-shapes';
import { tomcatPage } from '@/simulator/tomcat';
import { createSmartVendingClient } from './client';
import { SmartVendingError } from './errors';
import { processMethods, storedMethods, type MethodMemory } from './methods';

// The client against answers written in the shapes the real platform uses (our fixtures, from
// the facts in issue 17): every envelope, the 405 for a GET and what is learnt from it, each
// spelling of FAIL, and error pages.
let base = 0;
let memory: MethodMemory;
beforeEach(() => {
  base++;
  memory = processMethods(`http://platform-${base}.test`);
});

function clientOf(routes: Record<string, Route>, methods: MethodMemory = memory) {
  const platform = fixturePlatform(routes);
  const client = createSmartVendingClient({
    baseUrl: `http://platform-${base}.test`,
    clientId: 'c',
    key: 'k',
    signMode: 'bare',
    minBackoffMs: 1,
    maxBackoffMs: 2,
    fetch: platform.fetch,
    methods,
  });
  return { client, seen: platform.seen };
}
const error = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('expected an error'),
    (e: unknown) => {
      expect(e).toBeInstanceOf(SmartVendingError);
      return e as SmartVendingError;
    },
  );
const trade = (i: number) => ({ orderNo: `O${i}`, assetId: 'A', price: '300', payTime: '1' });
const figures = {
  assetId: 'A',
  startTime: '1763856000',
  endTime: '1763942399',
  amount: '900',
  count: '3',
  aliapyAmount: '300',
  alipayCount: '1',
  othereCount: '0',
};

describe('envelopes', () => {
  it('reads §3.2 with numbers as strings, whether cursor is the next page or the one asked', async () => {
    const list = Array.from({ length: 50 }, (_, i) => trade(i));
    const { client } = clientOf({
      '/osapi/trade/list': ({ query }) => {
        const at = Number(query.cursor);
        const items = list.slice(at, at + Number(query.limit));
        // An echo of the cursor asked for, as the seed's example can be read.
        return {
          body: { result: 'SUCCESS', cursor: String(at), total: '50', limit: '30', list: items },
        };
      },
    });
    const first = await client.tradeList({}, { limit: 30, cursor: 0 });
    expect([first.list.length, first.next, first.total]).toEqual([30, 30, 50]);
    expect(first.list[0]!.price).toBe(300);
    const second = await client.tradeList({}, { limit: 30, cursor: 30 });
    expect([second.list.length, second.next]).toEqual([20, null]);
  });

  it('pages a bare array (§9.1, §9.2) by its length: a full page may have more, a short one ends', async () => {
    const lines = ['L1', 'L2', 'L3'].map((name) => ({ name, areaName: '北京', createTime: '1' }));
    const { client } = clientOf({
      '/osapi/router/lines': ({ query }) => ({
        body: lines.slice(Number(query.cursor), Number(query.cursor) + Number(query.limit)),
      }),
      // A platform that ignores limit and answers everything at once.
      '/osapi/router/sites': () => ({
        body: ['A', 'B', 'C'].map((assetId) => ({ assetId, online: '0', shelfCount: '36' })),
      }),
    });
    const p1 = await client.routerLines({}, { limit: 2, cursor: 0 });
    expect([p1.list.map((l) => l.name), p1.next, p1.total]).toEqual([['L1', 'L2'], 2, undefined]);
    const p2 = await client.routerLines({}, { limit: 2, cursor: 2 });
    expect([p2.list.map((l) => l.name), p2.next, p2.total]).toEqual([['L3'], null, 3]);
    const sites = await client.routerSites({}, { limit: 2, cursor: 0 });
    expect([sites.list.length, sites.next, sites.list[0]!.shelfCount]).toEqual([3, null, 36]);
  });

  it('reads §6.1 as {result, list} and as a bare object, taking the machine asked for', async () => {
    const status = (assetId: string) => ({
      assetId,
      routerInfo: { online: '1' },
      vendingInfo: { shelvesInfo: [{ locationId: '1', status: '1' }] },
    });
    const { client } = clientOf({
      '/osapi/router/status': ({ body }) =>
        body?.assetId === 'B'
          ? { body: status('B') }
          : { body: { result: 'SUCCESS', list: [status('X'), status(String(body?.assetId))] } },
    });
    const a = await client.routerStatus({ assetId: 'A' });
    expect([a.assetId, a.routerInfo?.online]).toEqual(['A', 1]);
    expect((await client.routerStatus({ assetId: 'B' })).assetId).toBe('B');
    const { client: empty } = clientOf({
      '/osapi/router/status': () => ({ body: { result: 'SUCCESS', list: [] } }),
    });
    const e = await error(empty.routerStatus({ assetId: 'A' }));
    expect(e.kind).toBe('missing');
    expect(e.message).toBe(
      '/osapi/router/status: HTTP 200 — not in the answer: no item for machine A (the answer listed 0)',
    );
  });

  it('reads §5.1 bare or in {result, list}, and §8.2 in V0.9 or the older shape', async () => {
    const { client } = clientOf({
      'POST /osapi/trade/statistic': () => ({ body: { result: 'SUCCESS', list: [figures] } }),
      'GET /osapi/trade/statistic': () => ({ body: [figures] }),
      '/osapi/refill/message': () => ({
        body: { result: 'SUCCESS', message: [olderRefill('A', 1_763_900_000, 1_763_800_000)] },
      }),
    });
    const [s] = await client.tradeStatistic({ assetIds: ['A'], startTime: 1, endTime: 2 });
    expect([s!.figures.amount, s!.figures.alipayAmount, s!.figures.otherCount]).toEqual([
      900, 300, 0,
    ]);
    await memory.set('/osapi/trade/statistic', 'POST');
    const [w] = await client.tradeStatistic({ assetIds: ['A'], startTime: 1, endTime: 2 });
    expect(w!.figures.amount).toBe(900);
    const [m] = await client.refillMessage({});
    expect([m!.refillTime, m!.lastRefillTime, m!.shelfPaySales?.length]).toEqual([
      1_763_900_000, 1_763_800_000, 3,
    ]);
  });
});

describe('a GET answered 405 is asked again with POST, and POST is remembered', () => {
  const tomcat405 = () => ({
    status: 405,
    contentType: 'text/html;charset=utf-8',
    body: tomcatPage(405, 'Method Not Allowed', "Request method 'GET' not supported"),
  });
  const postOnly = {
    'GET /osapi/trade/statistic': tomcat405,
    'POST /osapi/trade/statistic': () => ({ body: [figures] }),
  };
  const ask = { assetIds: ['A', 'B'], startTime: 1_763_856_000, endTime: 1_763_942_399 };

  it('asks with POST, a JSON body of every parameter, after the 405; then POST at once', async () => {
    const { client, seen } = clientOf(postOnly);
    const [s] = await client.tradeStatistic(ask);
    expect(s!.assetId).toBe('A');
    expect(seen.map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(seen[1]!.body).toMatchObject({
      clientId: 'c',
      assetIds: 'A,B',
      startTime: '1763856000',
    });
    expect(typeof seen[1]!.body!.sign).toBe('string');
    await client.tradeStatistic(ask);
    expect(seen.map((r) => r.method)).toEqual(['GET', 'POST', 'POST']);
    // Another client of the same platform knows it too; another platform learns it anew.
    const again = clientOf(postOnly);
    await again.client.tradeStatistic(ask);
    expect(again.seen.map((r) => r.method)).toEqual(['POST']);
    const other = clientOf(postOnly, processMethods('http://elsewhere.test'));
    await other.client.tradeStatistic(ask);
    expect(other.seen.map((r) => r.method)).toEqual(['GET', 'POST']);
  });

  it("goes back to the seed's GET when the remembered POST is refused with 405", async () => {
    await memory.set('/osapi/trade/statistic', 'POST');
    const { client, seen } = clientOf({
      'POST /osapi/trade/statistic': tomcat405,
      'GET /osapi/trade/statistic': () => ({ body: [figures] }),
    });
    await client.tradeStatistic(ask);
    expect(seen.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(await memory.get('/osapi/trade/statistic')).toBe('GET');
  });

  it('names the endpoint and the page when both methods are refused, and never retries a 405', async () => {
    const { client, seen } = clientOf({
      '/osapi/trade/statistic': tomcat405,
      '/osapi/router/lines': tomcat405,
    });
    const e = await error(client.tradeStatistic(ask));
    expect(e.kind).toBe('html');
    expect(e.status).toBe(405);
    expect(e.message).toBe(
      '/osapi/trade/statistic: HTTP 405 — an HTML page, not JSON: “HTTP Status 405 – Method Not Allowed”',
    );
    expect(seen.map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(await memory.get('/osapi/trade/statistic')).toBeUndefined();
    // An endpoint the seed gives as POST has nothing else to try.
    const lines = await error(client.routerLines({}, { limit: 10, cursor: 0 }));
    expect(lines.status).toBe(405);
    expect(seen.slice(2).map((r) => r.method)).toEqual(['POST']);
  });

  it('keeps what it learnt in the database, for the next process', async () => {
    const db = openDb(':memory:');
    const now = () => 1_763_856_000;
    const url = `http://platform-${base}.test`;
    const { client } = clientOf(postOnly, storedMethods(db, url, now));
    await client.tradeStatistic(ask);
    expect(await readSetting(db, 'smartvending.pullMethods')).toEqual({
      [url]: { '/osapi/trade/statistic': 'POST' },
    });
    // A new process: nothing in its memory, the database says POST.
    const later = `http://platform-${base}-later.test`;
    await writeSetting(
      db,
      'smartvending.pullMethods',
      { [later]: { '/osapi/trade/statistic': 'POST' } },
      1,
      't',
    );
    expect(await storedMethods(db, later, now).get('/osapi/trade/statistic')).toBe('POST');
    expect(
      await storedMethods(db, `${later}/other`, now).get('/osapi/trade/statistic'),
    ).toBeUndefined();
  });
});

describe("FAIL, in every spelling, is an error with the platform's words", () => {
  const spellings: [Record<string, unknown>, string][] = [
    [{ result: 'FAIL', errorCode: 'SIGN_ERROR', message: '签名错误' }, 'SIGN_ERROR 签名错误'],
    [{ result: 'fail', errorMsg: 'clientId 不存在' }, 'clientId 不存在'],
    [{ return_code: 'FAIL ', return_msg: '系统繁忙' }, '系统繁忙'],
    [
      { return_code: ' Fail', err_code: 'SYSTEMERROR', err_code_des: '系统错误' },
      'SYSTEMERROR 系统错误',
    ],
    [{ result: 'SUCCESS', return_code: 'FAIL' }, 'no message'],
  ];
  it.each(spellings)('%j', async (body, words) => {
    const { client, seen } = clientOf({ '/osapi/trade/list': () => ({ body }) });
    const e = await error(client.tradeList({}, { limit: 10, cursor: 0 }));
    expect(e.kind).toBe('refused');
    expect(e.detail).toBe(words);
    expect(e.message).toBe(`/osapi/trade/list: HTTP 200 — the platform answered FAIL: ${words}`);
    expect(e.problem).toEqual({
      endpoint: '/osapi/trade/list',
      kind: 'refused',
      status: 200,
      detail: words,
    });
    expect(seen).toHaveLength(1); // a refusal is not asked again
  });

  it('reads SUCCESS with spaces as success, and a 502 page as a retryable error named by its title', async () => {
    let calls = 0;
    const { client } = clientOf({
      '/osapi/code/create': () => ({ body: { result: 'SUCCESS ', code: '4383743' } }),
      '/osapi/router/goods': () =>
        ++calls < 3
          ? {
              status: 502,
              contentType: 'text/html',
              body: '<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>',
            }
          : {
              body: {
                result: 'SUCCESS',
                cursor: '1',
                total: '1',
                list: [{ number: 'G1', price: '1.5' }],
              },
            },
      '/osapi/router/sales': () => ({ body: 'Internal error\n at line 3' }),
    });
    expect(await client.codeCreate({})).toBe('4383743');
    const goods = await client.routerGoods({ limit: 10, cursor: 0 });
    expect(goods.list[0]!.price).toBe(150);
    expect(calls).toBe(3);
    const text = await error(client.routerSales({ assetId: 'A' }));
    expect(text.kind).toBe('malformed');
    const html = await error(
      clientOf({
        '/osapi/router/sales': () => ({
          contentType: 'text/html',
          body: tomcatPage(500, 'Internal Server Error'),
        }),
      }).client.routerSales({ assetId: 'A' }),
    );
    expect([html.kind, html.detail]).toEqual(['html', '“HTTP Status 500 – Internal Server Error”']);
  });
});
