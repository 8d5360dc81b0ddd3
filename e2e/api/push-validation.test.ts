import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '@/lib/platforms/signing';
import { peek, type Peek } from '../support/peek';
import { startServer, type RunningServer } from '../support/server';
import { getJson, postRaw, push, signedBody, type PushKind } from '../support/push';
import { createCodes, postPickupRaw } from '../support/pickup';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from '../support/messages';
import {
  brokenUtf8String,
  membersOf,
  nested,
  postBytes as postRawBytes,
  rawSignedBody,
} from '../support/hostile';

/**
 * Issue 16's table, the rows about what a push may carry, against the production server: each
 * as the platform (or someone holding its key) would send it, answered as D62 says.
 */
let server: RunningServer;
let db: Peek;

beforeAll(async () => {
  server = await startServer();
  db = peek(server, { readonly: true });
});
afterAll(async () => {
  await db?.close();
  await server?.stop();
});

const one = async <T>(sql: string, ...p: unknown[]) => (await db.get<T>(sql, ...p))!;
const count = async (sql: string, ...p: unknown[]) => (await one<{ n: number }>(sql, ...p)).n;
/** The inbox row that keeps a body, newest first. */
const kept = (needle: string) =>
  one<{ status: string; verification: string; error: string | null; body: string; nonce: string }>(
    'select status, verification, error, body, nonce from inbox where body like ? order by id desc',
    `%${needle}%`,
  );

const postBytes = (path: string, body: Buffer) => postRawBytes(server, path, body);

describe('two signed trades with price 9007199254740991 and count 1000', () => {
  it('are refused and kept; the sales report of that day still answers its earlier figures', async () => {
    const t = 1_741_579_200; // 2025-03-10 12:00 in Shanghai
    await push(server, 'trade', tradeMessage('OV-OK', 'OV-1', { payTime: t, createTime: t }));
    const url = `/api/v1/stats/sales/report?startTime=${t - 43_200}&endTime=${t + 43_199}&granularity=day`;
    const before = await getJson<{ statistic: { amount: number; count: number } }>(server, url);
    expect(before.status).toBe(200);
    expect(before.body.statistic).toMatchObject({ amount: 300, count: 1 });

    for (const id of ['OV-H1', 'OV-H2']) {
      const hostile = { price: 9007199254740991, count: 1000, payTime: t, createTime: t };
      const r = await push(server, 'trade', tradeMessage(id, 'OV-1', hostile));
      expect(r).toEqual({
        status: 400,
        body: {
          result: 'FAIL',
          errorCode: 'INVALID_FIELD',
          message: 'price: must be an integer 0…100000000 fen',
        },
      });
      expect(await kept(id)).toMatchObject({ status: 'rejected', verification: 'ok' });
    }
    expect(await count("select count(*) n from trades where trade_id like 'OV-H%'")).toBe(0);
    const after = await getJson(server, url);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before.body);
  });
});

describe('values no machine can report', () => {
  it.each<[string, PushKind, Record<string, unknown>, string]>([
    ['a negative price', 'trade', tradeMessage('BAD-1', 'BAD', { price: '-300' }), 'price'],
    ['a negative count', 'trade', tradeMessage('BAD-2', 'BAD', { count: -1 }), 'count'],
    ['count 0', 'trade', tradeMessage('BAD-3', 'BAD', { count: '0' }), 'count'],
    ['count 1e9', 'trade', tradeMessage('BAD-4', 'BAD', { count: 1e9 }), 'count'],
    [
      'a refund above what was paid',
      'trade',
      tradeMessage('BAD-5', 'BAD', { price: '300', count: '1', refundFee: '301', refundStatus: 2 }),
      'refundFee',
    ],
    ['online: 7', 'status', statusMessage('BAD-6', { online: 7 }), 'online'],
    [
      'a negative capacity',
      'device',
      deviceMessage('BAD-7', {
        containers: [{ cid: 'BAD-7', shelves: [{ location_id: '1', capacity: -5 }] }],
      }),
      'containers.0.shelves.0.capacity',
    ],
    [
      'a longitude out of range',
      'device',
      deviceMessage('BAD-8', { location: { longitude: 216.4, latitude: 39.9 } }),
      'location.longitude',
    ],
    [
      'a latitude out of range',
      'device',
      deviceMessage('BAD-9', { location: { longitude: '116.4', latitude: '-91' } }),
      'location.latitude',
    ],
    ['negative coins', 'status', statusMessage('BAD-10', { coin10Count: -1 }), 'coin10Count'],
    [
      'a negative stock',
      'refill',
      refillMessage('BAD-11', 1_700_000_000, { shelfPaySales: [{ locationId: '1', stock: -2 }] }),
      'shelfPaySales.0.stock',
    ],
    // PostgreSQL's text cannot hold one; refused on SQLite too (D112).
    [
      'a NUL character in a name',
      'trade',
      tradeMessage('BAD-12', 'BAD', { goodsName: '茶\u0000' }),
      'goodsName',
    ],
  ])(
    '%s is refused with 400 INVALID_FIELD naming the field, kept, and changes nothing',
    async (_, kind, payload, field) => {
      const asset = String(payload.assetId);
      const r = await push(server, kind, payload);
      expect(r).toMatchObject({
        status: 400,
        body: { result: 'FAIL', errorCode: 'INVALID_FIELD' },
      });
      expect(String(r.body.message).startsWith(`${field}: `)).toBe(true);
      expect(await kept(`"assetId":"${asset}"`)).toMatchObject({
        status: 'rejected',
        verification: 'ok',
      });
      expect(await count('select count(*) n from machines where asset_id = ?', asset)).toBe(0);
      expect(await count('select count(*) n from trades where asset_id = ?', asset)).toBe(0);
    },
  );

  it('keeps codes past the V0.9 tables as they came, and reads a time it cannot believe as unknown', async () => {
    const payload = tradeMessage('CODE-1', 'CODES', {
      payStyle: '23',
      payStatus: 3,
      deliverStatus: '5',
      refundStatus: 4,
      payTime: 'yesterday',
      createTime: 99999999999999,
    });
    expect((await push(server, 'trade', payload)).body).toEqual({ result: 'SUCCESS' });
    expect(
      await one(
        "select pay_style, pay_status, deliver_status, refund_status, pay_time, create_time from trades where trade_id = 'CODE-1'",
      ),
    ).toEqual({
      pay_style: 23,
      pay_status: 3,
      deliver_status: 5,
      refund_status: 4,
      pay_time: null,
      create_time: null,
    });
    expect(JSON.parse((await kept('CODE-1')).body)).toMatchObject({ payTime: 'yesterday' });
  });
});

describe('nonces sent as JSON numbers', () => {
  it('a pickup-code use redelivered is answered as the first time, not CODE_USED', async () => {
    const [issued] = await createCodes(server, { fee: 250 });
    const body = signBody(
      { clientId: server.clientId, nonceStr: 73_001_002, code: issued!.code },
      server.key,
      'ampersand',
    );
    expect(body).toContain('"nonceStr":73001002');
    const first = await postPickupRaw(server, 'use', body);
    expect(first).toEqual({ status: 200, body: { result: 'SUCCESS' } });
    expect(await postPickupRaw(server, 'use', body)).toEqual(first);
    expect((await kept(`"code":"${issued!.code}"`)).nonce).toBe('73001002');
    expect(
      await count("select count(*) n from inbox where kind = 'pickup_use' and nonce = '73001002'"),
    ).toBe(1);
  });

  it('a nonce with a NUL character is kept (as its escape) and refused, the same when redelivered', async () => {
    // PostgreSQL's text cannot hold the character: it answered 503 there (D112).
    const body = signBody(
      { clientId: server.clientId, nonce_str: 'nul\u0000', ...tradeMessage('NUL-1', 'NUL') },
      server.key,
      'ampersand',
    );
    const first = await postRaw(server, 'trade', body);
    expect(first).toEqual({
      status: 400,
      body: {
        result: 'FAIL',
        errorCode: 'INVALID_FIELD',
        message: 'nonce_str: must not contain U+0000 (NUL)',
      },
    });
    expect(await postRaw(server, 'trade', body)).toEqual(first);
    expect(await kept('NUL-1')).toMatchObject({
      status: 'rejected',
      verification: 'ok',
      nonce: 'nul\\u0000',
    });
    expect(await count("select count(*) n from trades where trade_id = 'NUL-1'")).toBe(0);
  });

  it('a trade re-sent with the same nonce and another body is a replay, as with a string nonce', async () => {
    const first = signBody(
      { clientId: server.clientId, nonce_str: 88_001, ...tradeMessage('NN-1', 'NN') },
      server.key,
      'ampersand',
    );
    expect((await postRaw(server, 'trade', first)).body).toEqual({ result: 'SUCCESS' });
    for (const nonce of [88_001, '88001']) {
      const other = signBody(
        {
          clientId: server.clientId,
          nonce_str: nonce,
          ...tradeMessage('NN-1', 'NN', { price: '1' }),
        },
        server.key,
        'ampersand',
      );
      expect(await postRaw(server, 'trade', other)).toMatchObject({
        status: 401,
        body: { result: 'FAIL', errorCode: 'REPLAY' },
      });
    }
    expect(await one("select price from trades where trade_id = 'NN-1'")).toEqual({ price: 300 });
    // Twenty digits, as they stand in the body: not rounded into their neighbour's nonce.
    for (const [nonce, id] of [
      ['12345678901234567890', 'NN-2'],
      ['12345678901234567891', 'NN-3'],
    ] as const) {
      const body = rawSignedBody(
        [
          ['nonce_str', nonce],
          ...membersOf({ clientId: server.clientId, ...tradeMessage(id, 'NN') }),
        ],
        server.key,
      );
      expect((await postBytes('/api/notify/trade', body)).body).toEqual({ result: 'SUCCESS' });
      expect((await kept(id)).nonce).toBe(nonce);
    }
  });
});

describe('10,000 nested arrays', () => {
  const deep = (nonce: string, sign: 'ampersand' | 'wrong') =>
    rawSignedBody(
      [
        ...membersOf({
          clientId: server.clientId,
          nonce_str: nonce,
          ...tradeMessage(nonce, 'DEEP'),
        }),
        ['deep', nested(10_000)],
      ],
      server.key,
      sign,
    );

  it('with a wrong signature: 401 SIGN_INVALID, kept as refused', async () => {
    const r = await postBytes('/api/notify/trade', deep('deep-1', 'wrong'));
    expect(r).toMatchObject({ status: 401, body: { result: 'FAIL', errorCode: 'SIGN_INVALID' } });
    expect(String(r.body.message)).toContain('nests deeper than 32');
    expect(await kept('deep-1')).toMatchObject({
      status: 'unverified',
      verification: 'sign_invalid',
    });
    const p = await postBytes('/osapi/pickupcode/check', deep('deep-2', 'wrong'));
    expect(p).toMatchObject({ status: 401, body: { errorCode: 'SIGN_INVALID' } });
    expect(await kept('deep-2')).toMatchObject({
      status: 'unverified',
      verification: 'sign_invalid',
    });
  });

  it('correctly signed: 400 BODY_TOO_COMPLEX, kept as refused, nothing projected', async () => {
    const r = await postBytes('/api/notify/trade', deep('deep-3', 'ampersand'));
    expect(r).toMatchObject({ status: 400, body: { errorCode: 'BODY_TOO_COMPLEX' } });
    expect(await kept('deep-3')).toMatchObject({
      status: 'unverified',
      verification: 'too_complex',
    });
    expect(await count("select count(*) n from trades where trade_id = 'deep-3'")).toBe(0);
    const wide = rawSignedBody(
      [
        ...membersOf({ clientId: server.clientId, nonce_str: 'wide-1', assetId: 'WIDE' }),
        ['faultCode', JSON.stringify(Array.from({ length: 10_001 }, () => 0))],
      ],
      server.key,
    );
    const w = await postBytes('/api/notify/status', wide);
    expect(w).toMatchObject({ status: 400, body: { errorCode: 'BODY_TOO_COMPLEX' } });
    expect(String(w.body.message)).toContain('more than 10000 members');
  });
});

describe('a signed status push with 4,096 shelvesState entries', () => {
  it('is projected (written in chunks), not kept as failed', async () => {
    const shelvesState = Array.from({ length: 4096 }, (_, i) => ({
      cid: 'WIDE-1',
      shelvesId: String(i + 1),
      state: 1,
    }));
    const body = signedBody(server, statusMessage('WIDE-1', { shelvesState }));
    expect((await postRaw(server, 'status', body)).body).toEqual({ result: 'SUCCESS' });
    expect(await kept('"assetId":"WIDE-1"')).toMatchObject({ status: 'processed', error: null });
    expect(
      await count("select count(*) n from shelves where asset_id = 'WIDE-1' and sold_out = 1"),
    ).toBe(4096);
  });
});

describe('invalid UTF-8 in a signed body', () => {
  it('is refused with 400 INVALID_ENCODING naming the byte, and kept with U+FFFD', async () => {
    const members = membersOf({
      clientId: server.clientId,
      nonce_str: 'utf-1',
      ...tradeMessage('UTF-1', 'UTF'),
    });
    const body = rawSignedBody(
      members.map(([k, v]) => [k, k === 'goodsName' ? brokenUtf8String() : v]),
      server.key,
    );
    const r = await postBytes('/api/notify/trade', body);
    const offset = body.indexOf(brokenUtf8String()) + Buffer.byteLength('"统一');
    expect(r).toEqual({
      status: 400,
      body: {
        result: 'FAIL',
        errorCode: 'INVALID_ENCODING',
        message: `body is not valid UTF-8: byte 0xe7 at offset ${offset}`,
      },
    });
    const row = await kept('UTF-1');
    expect(row).toMatchObject({ status: 'unverified', verification: 'bad_encoding' });
    expect(row.body).toContain('"goodsName":"统一\uFFFD茶"');
    expect(row.error).toContain(`offset ${offset}`);
    expect(await count("select count(*) n from trades where trade_id = 'UTF-1'")).toBe(0);
    // The same for a pickup-code check.
    const check = rawSignedBody(
      [
        ...membersOf({ clientId: server.clientId, nonceStr: 'utf-2', assetId: 'UTF' }),
        ['code', brokenUtf8String()],
      ],
      server.key,
    );
    expect(await postBytes('/osapi/pickupcode/check', check)).toMatchObject({
      status: 400,
      body: { errorCode: 'INVALID_ENCODING' },
    });
    expect(await kept('utf-2')).toMatchObject({ verification: 'bad_encoding' });
  });
});
