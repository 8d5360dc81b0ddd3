import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTSIDE_NEXT, startServer, TSX, type RunningServer } from '../support/server';
import { authedFetch } from '../support/auth';
import { getJson, postRaw, push, signedBody } from '../support/push';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from '../support/messages';
import { peek, type Peek } from '../support/peek';
import { failTradesLike } from '../support/fail-trades';

let server: RunningServer;
let db: Peek;

beforeAll(async () => {
  server = await startServer();
  db = peek(server);
});
afterAll(async () => {
  await db?.close();
  await server?.stop();
});

const count = async (sql: string, ...params: unknown[]) =>
  (await db.get<{ n: number }>(sql, ...params))!.n;

describe('bad input is refused with a specific status and errorCode', () => {
  it('413 for a body over 1 MiB', async () => {
    const big = JSON.stringify({ clientId: server.clientId, pad: 'x'.repeat(1024 * 1024) });
    const r = await postRaw(server, 'trade', big);
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ result: 'FAIL', errorCode: 'BODY_TOO_LARGE' });
  });

  it('400 INVALID_JSON for a body that is not JSON, or not an object', async () => {
    const a = await postRaw(server, 'trade', '{"id": ');
    expect(a.status).toBe(400);
    expect(a.body).toMatchObject({ result: 'FAIL', errorCode: 'INVALID_JSON' });
    const b = await postRaw(server, 'trade', '[1,2]');
    expect(b).toMatchObject({ status: 400, body: { errorCode: 'INVALID_JSON' } });
  });

  it('401 CLIENT_UNKNOWN for a clientId we do not know', async () => {
    const body = signedBody(
      { clientId: 'someone-else', key: server.key },
      tradeMessage('X1', 'A0'),
    );
    const r = await postRaw(server, 'trade', body);
    expect(r).toMatchObject({ status: 401, body: { result: 'FAIL', errorCode: 'CLIENT_UNKNOWN' } });
    expect(String(r.body.message)).toContain('someone-else');
  });

  it('401 SIGN_INVALID for a wrong, tampered or missing signature', async () => {
    const wrongKey = signedBody(
      { clientId: server.clientId, key: 'not-the-key' },
      tradeMessage('X2', 'A0'),
    );
    expect(await postRaw(server, 'trade', wrongKey)).toMatchObject({
      status: 401,
      body: { errorCode: 'SIGN_INVALID' },
    });
    const tampered = signedBody(server, tradeMessage('X3', 'A0')).replace(
      '"price":"300"',
      '"price":"1"',
    );
    expect(await postRaw(server, 'trade', tampered)).toMatchObject({
      status: 401,
      body: { errorCode: 'SIGN_INVALID' },
    });
    const unsigned = JSON.stringify({
      clientId: server.clientId,
      nonce_str: 'n',
      ...tradeMessage('X4', 'A0'),
    });
    const r = await postRaw(server, 'trade', unsigned);
    expect(r).toMatchObject({
      status: 401,
      body: { errorCode: 'SIGN_INVALID', message: 'sign is missing' },
    });
    expect(await count("select count(*) n from trades where trade_id in ('X2','X3','X4')")).toBe(0);
  });

  it('400 INVALID_FIELD naming the field, for a verified message of the wrong shape', async () => {
    const r = await push(server, 'trade', tradeMessage('X5', 'A0', { price: 'three yuan' }));
    expect(r).toMatchObject({ status: 400, body: { result: 'FAIL', errorCode: 'INVALID_FIELD' } });
    expect(String(r.body.message)).toMatch(/^price: /);
    const d = await push(
      server,
      'device',
      deviceMessage('A0', { containers: [{ cid: 'c', shelves: [{ capacity: 2 }] }] }),
    );
    expect(d.status).toBe(400);
    expect(String(d.body.message)).toContain('containers.0');
    const missing = await push(server, 'refill', { assetId: 'A0' });
    expect(String(missing.body.message)).toContain('refillTime');
  });

  it('keeps unknown extra fields and does not refuse for them', async () => {
    const r = await push(server, 'trade', tradeMessage('X6', 'A0', { brandNewField: { a: 1 } }));
    expect(r).toMatchObject({ status: 200, body: { result: 'SUCCESS' } });
    const row = (await db.get<{ body: string }>(
      "select body from inbox where body like '%X6%' and verification = 'ok'",
    ))!;
    expect(JSON.parse(row.body).brandNewField).toEqual({ a: 1 });
  });
});

describe('exactly once', () => {
  it('a redelivery answers SUCCESS and changes nothing; a reused nonce with another body is a replay', async () => {
    const body = signedBody(server, tradeMessage('R1', 'A1'));
    expect((await postRaw(server, 'trade', body)).body).toEqual({ result: 'SUCCESS' });
    const before = await count("select count(*) n from inbox where verification = 'ok'");
    expect((await postRaw(server, 'trade', body)).body).toEqual({ result: 'SUCCESS' });
    expect(await count("select count(*) n from inbox where verification = 'ok'")).toBe(before);
    expect(await count("select count(*) n from trades where trade_id = 'R1'")).toBe(1);

    const nonce = JSON.parse(body).nonce_str as string;
    const other = signedBody(server, { ...tradeMessage('R2', 'A1'), nonce_str: nonce });
    const r = await postRaw(server, 'trade', other);
    expect(r).toMatchObject({ status: 401, body: { result: 'FAIL', errorCode: 'REPLAY' } });
    expect(await count("select count(*) n from trades where trade_id = 'R2'")).toBe(0);
  });

  it('concurrent pushes of one trade id make exactly one row', async () => {
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        push(
          server,
          'trade',
          tradeMessage('C1', 'A1', i % 2 ? { refundStatus: '2', refundFee: '300' } : {}),
        ),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(await count("select count(*) n from trades where trade_id = 'C1'")).toBe(1);
    const t = await db.get("select refund_status, refund_fee from trades where trade_id = 'C1'");
    expect(t).toEqual({ refund_status: 2, refund_fee: 300 });
  });

  it('a trade pushed paid then refunded updates the one sale', async () => {
    await push(server, 'trade', tradeMessage('P1', 'A2', { price: '450' }));
    await push(
      server,
      'trade',
      tradeMessage('P1', 'A2', {
        price: '450',
        refundStatus: '2',
        refundFee: '450',
        refundTime: '1450164100',
      }),
    );
    const trades = await getJson<{ items: Record<string, unknown>[] }>(
      server,
      '/api/v1/trades?assetId=A2',
    );
    expect(trades.body.items).toHaveLength(1);
    expect(trades.body.items[0]).toMatchObject({
      id: 'P1',
      price: 450,
      refundStatus: 2,
      refundFee: 450,
      payStatus: 1,
    });
    const stats = await getJson<{ items: Record<string, number>[] }>(
      server,
      '/api/v1/stats/sales?assetIds=A2&startTime=1450000000&endTime=1460000000',
    );
    expect(stats.body.items[0]).toMatchObject({
      assetId: 'A2',
      count: 1,
      amount: 0,
      refundAmount: 450,
    });
  });
});

describe('projection', () => {
  it('device (both §2.1 forms) and a partial status show through the machine API', async () => {
    await push(server, 'device', deviceMessage('D1'));
    await push(server, 'device', {
      assetId: 'D2',
      name: '扁平机',
      siteName: '国贸',
      lineName: '1 号线',
      containers: [
        {
          location_id: '1',
          goods_id: 'g',
          goods_name: '可乐',
          price: '300',
          img: 'i',
          capacity: 8,
          valve: 2,
        },
      ],
    });
    await push(
      server,
      'status',
      statusMessage('D1', { online: 1, doorState: 1, isSale: 1, vmcOnline: 1 }),
    );
    await push(
      server,
      'status',
      statusMessage('D1', {
        doorState: 0,
        shelvesState: [{ cid: 'D1', shelvesId: '1', state: 1, soldoutTime: '1478254287' }],
      }),
    );
    const list = await getJson<{ items: Record<string, unknown>[]; total: number }>(
      server,
      '/api/v1/machines?q=D',
    );
    const d1 = list.body.items.find((m) => m.assetId === 'D1');
    expect(d1).toMatchObject({
      online: false,
      doorOpen: true,
      sellable: true,
      vmcOk: true,
      soldOutShelves: 1,
      totalShelves: 2,
      lineName: '京港地铁 14 号线',
    });
    const d2 = await getJson<Record<string, unknown>>(server, '/api/v1/machines/D2');
    expect(d2.body).toMatchObject({
      name: '扁平机',
      containers: [{ cid: 'D2', shelves: [{ locationId: '1', goodsName: '可乐', price: 300 }] }],
    });
    const lines = await getJson<{ items: { name: string }[] }>(server, '/api/v1/lines');
    expect(lines.body.items.map((l) => l.name)).toEqual(
      expect.arrayContaining(['1 号线', '京港地铁 14 号线']),
    );
  });

  it('a refill settlement is readable in §8.1’s shape', async () => {
    await push(server, 'refill', refillMessage('F1', 1_700_000_000));
    const list = await getJson<{ items: { id: number }[] }>(server, '/api/v1/refills?assetId=F1');
    expect(list.body.items).toHaveLength(1);
    const one = await getJson<Record<string, unknown>>(
      server,
      `/api/v1/refills/${list.body.items[0]!.id}`,
    );
    expect(one.body).toMatchObject({
      assetId: 'F1',
      refillTime: 1_700_000_000,
      paySales: expect.arrayContaining([{ name: 'total', sales: 900, units: 3 }]),
      shelfPaySales: [{ locationId: '2', stock: 12, refillCount: 3, paySales: expect.any(Array) }],
    });
  });

  it('a projection failure is kept, answered SUCCESS, and replayed from the API and the CLI', async () => {
    await failTradesLike(db, 'BOOM%', 'disk says no');
    const r1 = await push(server, 'trade', tradeMessage('BOOM1', 'A3'));
    const r2 = await push(server, 'trade', tradeMessage('BOOM2', 'A3'));
    expect([r1.body, r2.body]).toEqual([{ result: 'SUCCESS' }, { result: 'SUCCESS' }]);
    const failed = await getJson<{ items: { id: number; error: string; kind: string }[] }>(
      server,
      '/api/v1/inbox?status=failed',
    );
    expect(failed.body.items).toHaveLength(2);
    expect(failed.body.items[0]).toMatchObject({
      kind: 'trade',
      error: expect.stringContaining('disk says no'),
    });
    expect(await count("select count(*) n from trades where trade_id like 'BOOM%'")).toBe(0);

    await failTradesLike(db, null);
    const [second, first] = failed.body.items;
    const replay = await authedFetch(server.admin!, `/api/v1/inbox/${first!.id}/replay`, {
      method: 'POST',
    });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ status: 'processed', error: null });
    const again = await authedFetch(server.admin!, `/api/v1/inbox/${first!.id}/replay`, {
      method: 'POST',
    });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('CONFLICT');

    const cli = await promisify(execFile)(TSX, [...OUTSIDE_NEXT, 'scripts/inbox-replay.ts'], {
      env: { ...process.env, DATABASE_URL: server.databaseUrl },
    });
    expect(cli.stdout).toContain(`#${second!.id}: processed`);
    expect(await count("select count(*) n from trades where trade_id like 'BOOM%'")).toBe(2);
    expect(await count("select count(*) n from inbox where status = 'failed'")).toBe(0);
  });
});

describe('the read API answers bad queries with the error envelope', () => {
  it.each([
    ['/api/v1/trades?limit=abc', 400, 'INVALID_QUERY'],
    ['/api/v1/trades?startTime=1700000000000', 400, 'INVALID_QUERY'],
    ['/api/v1/stats/sales?startTime=10', 400, 'INVALID_QUERY'],
    ['/api/v1/stats/sales?startTime=10&endTime=5', 400, 'INVALID_QUERY'],
    ['/api/v1/machines/NO-SUCH', 404, 'NOT_FOUND'],
    ['/api/v1/refills/abc', 404, 'NOT_FOUND'],
    ['/api/v1/refills/999999', 404, 'NOT_FOUND'],
    ['/api/v1/inbox?status=weird', 400, 'INVALID_QUERY'],
  ])('%s → %i %s', async (path, status, code) => {
    const r = await getJson<{ error: { code: string; message: string } }>(server, path);
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message.length).toBeGreaterThan(3);
  });

  it('pages trades with a cursor, every row exactly once', async () => {
    for (let i = 0; i < 7; i++) await push(server, 'trade', tradeMessage(`PG${i}`, 'PAGE'));
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await getJson(
        server,
        `/api/v1/trades?assetId=PAGE&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((t) => t.id));
      cursor = page.body.nextCursor;
    }
    expect(seen.sort()).toEqual(['PG0', 'PG1', 'PG2', 'PG3', 'PG4', 'PG5', 'PG6']);
  });
});
