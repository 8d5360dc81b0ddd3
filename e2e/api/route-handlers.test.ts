import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { getJson, postRaw, push, signedBody } from '../support/push';
import { deviceMessage, tradeMessage } from '../support/messages';
import { brokenUtf8String, membersOf, nested, postBytes, rawSignedBody } from '../support/hostile';

// The same receivers and the machine list served by Next's App Router route handlers
// (NOTIFY_FAST_PATH=off, FAST_READS=off), which `npm run dev` setups and the fallback use: they
// must behave exactly as the server's fast paths do.
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ NOTIFY_FAST_PATH: 'off', FAST_READS: 'off' });
});
afterAll(async () => {
  await server?.stop();
});

describe('push receivers through the App Router route handlers', () => {
  it('accept a signed trade once, and refuse bad input with the same codes', async () => {
    const body = signedBody(server, tradeMessage('RH1', 'RH'));
    expect(await postRaw(server, 'trade', body)).toEqual({
      status: 200,
      body: { result: 'SUCCESS' },
    });
    expect(await postRaw(server, 'trade', body)).toEqual({
      status: 200,
      body: { result: 'SUCCESS' },
    });
    const trades = await getJson<{ items: unknown[] }>(server, '/api/v1/trades?assetId=RH');
    expect(trades.body.items).toHaveLength(1);

    const tampered = body.replace('"price":"300"', '"price":"1"');
    expect(await postRaw(server, 'trade', tampered)).toMatchObject({
      status: 401,
      body: { errorCode: 'SIGN_INVALID' },
    });
    expect(await postRaw(server, 'trade', 'nope')).toMatchObject({
      status: 400,
      body: { errorCode: 'INVALID_JSON' },
    });
    const big = JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 1) });
    expect(await postRaw(server, 'trade', big)).toMatchObject({
      status: 413,
      body: { errorCode: 'BODY_TOO_LARGE' },
    });
    const invalid = await push(server, 'trade', tradeMessage('RH2', 'RH', { count: 'many' }));
    expect(invalid).toMatchObject({ status: 400, body: { errorCode: 'INVALID_FIELD' } });
  });

  it('read the raw bytes too: invalid UTF-8 and deep nesting get the fast path’s answers (D62)', async () => {
    const members = membersOf({ clientId: server.clientId, nonce_str: 'rh-utf', assetId: 'RH' });
    const broken = rawSignedBody([...members, ['siteName', brokenUtf8String()]], server.key);
    for (const path of ['/api/notify/status', '/osapi/pickupcode/use'])
      expect(await postBytes(server, path, broken)).toMatchObject({
        status: 400,
        body: { result: 'FAIL', errorCode: 'INVALID_ENCODING' },
      });
    const deep = (sign: 'ampersand' | 'wrong') =>
      rawSignedBody([...members, ['deep', nested(10_000)]], server.key, sign);
    expect(await postBytes(server, '/api/notify/status', deep('wrong'))).toMatchObject({
      status: 401,
      body: { errorCode: 'SIGN_INVALID' },
    });
    expect(await postBytes(server, '/api/notify/status', deep('ampersand'))).toMatchObject({
      status: 400,
      body: { errorCode: 'BODY_TOO_COMPLEX' },
    });
  });

  it('answer the machine list with its filters and the same 400s', async () => {
    expect((await push(server, 'device', deviceMessage('RH-M1'))).status).toBe(200);
    const list = await getJson<{ items: { assetId: string }[]; total: number }>(
      server,
      '/api/v1/machines?q=RH-M&sort=name&dir=desc',
    );
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ items: [{ assetId: 'RH-M1' }], total: 1 });
    const bad = await getJson(server, '/api/v1/machines?limit=abc&colour=red');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'INVALID_QUERY' } });
  });
});
