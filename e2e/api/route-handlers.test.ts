import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { getJson, postRaw, push, signedBody } from '../support/push';
import { tradeMessage } from '../support/messages';

// The same receivers served by Next's App Router route handlers (NOTIFY_FAST_PATH=off), which
// `npm run dev` setups and the fallback use: they must behave exactly as the fast path does.
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ NOTIFY_FAST_PATH: 'off' });
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
});
