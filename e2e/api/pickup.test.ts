import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { getJson, push } from '../support/push';
import { deviceMessage } from '../support/messages';
import {
  createCodes,
  pickup,
  pickupBody,
  postJson,
  postPickupRaw,
  type IssuedCode,
} from '../support/pickup';
import { startTwin, type RunningTwin } from '@/simulator/server';
import type { PickupOutcome } from '@/simulator/pickup';

let app: RunningServer;

beforeAll(async () => {
  app = await startServer();
  for (const assetId of ['P1', 'P2']) {
    const r = await push(app, 'device', deviceMessage(assetId));
    expect(r.body).toEqual({ result: 'SUCCESS' });
  }
});
afterAll(async () => {
  await app?.stop();
});

const now = () => Math.floor(Date.now() / 1000);

/** The code as GET /api/v1/pickup-codes shows it. */
async function stateOf(code: string, filter = '') {
  let cursor = '';
  for (;;) {
    const page = await getJson<{
      items: (IssuedCode & Record<string, unknown>)[];
      nextCursor: string | null;
    }>(app, `/api/v1/pickup-codes?limit=1000${filter}${cursor && `&cursor=${cursor}`}`);
    const found = page.body.items.find((c) => c.code === code);
    if (found || page.body.nextCursor === null) return found;
    cursor = page.body.nextCursor;
  }
}

describe('POST /api/v1/pickup-codes', () => {
  it('issues distinct 7-digit unused codes with the rules asked for', async () => {
    const items = await createCodes(app, {
      assetId: 'P1',
      goodsNumber: '6901234567892',
      fee: 350,
      count: 3,
    });
    expect(items).toHaveLength(3);
    expect(new Set(items.map((c) => c.code)).size).toBe(3);
    for (const c of items) {
      expect(c.code).toMatch(/^[1-9]\d{6}$/);
      expect(c).toMatchObject({
        assetId: 'P1',
        goodsNumber: '6901234567892',
        fee: 350,
        status: 'unused',
      });
      expect(c.endTime - c.startTime).toBe(30 * 86_400);
    }
    expect(await stateOf(items[0]!.code)).toMatchObject({ status: 'unused', usedAt: null });
  });

  it('issues a thousand at once', async () => {
    const items = await createCodes(app, { count: 1000 });
    expect(new Set(items.map((c) => c.code)).size).toBe(1000);
  });

  it('refuses bad input with the envelope, naming the field', async () => {
    const cases: [unknown, number, string, string][] = [
      [{ count: 0 }, 422, 'UNPROCESSABLE', 'count'],
      [{ count: 1001 }, 422, 'UNPROCESSABLE', 'count'],
      [{ fee: -1 }, 422, 'UNPROCESSABLE', 'fee'],
      [{ fee: '3.50' }, 422, 'UNPROCESSABLE', 'fee'],
      [{ endTime: now() - 60 }, 422, 'UNPROCESSABLE', 'endTime'],
      [{ assetId: 'NO-SUCH-MACHINE' }, 422, 'UNPROCESSABLE', 'assetId'],
      [{ goodsNum: 'x' }, 422, 'UNPROCESSABLE', 'goodsNum'],
      ['{"count": ', 400, 'INVALID_JSON', 'JSON'],
    ];
    for (const [body, status, code, field] of cases) {
      const r = await postJson<{ error: { code: string; message: string } }>(
        app,
        '/api/v1/pickup-codes',
        body,
      );
      expect({ body, status: r.status, code: r.body.error.code }).toEqual({ body, status, code });
      expect(r.body.error.message).toContain(field);
    }
  });
});

describe('§7.1 check and §7.2 use', () => {
  it('an unused code checks as 1, is used once, then checks as 2 and cannot be used again', async () => {
    const [c] = await createCodes(app, { assetId: 'P1', goodsNumber: 'G-TEA', fee: 300 });
    const code = c!.code;
    expect(await pickup(app, 'check', { code, assetId: 'P1', goodsNum: 'G-TEA' })).toEqual({
      status: 200,
      body: { result: 'SUCCESS', goodsNum: 'G-TEA', codeStatus: '1', fee: '300' },
    });
    expect(await pickup(app, 'use', { code })).toEqual({
      status: 200,
      body: { result: 'SUCCESS' },
    });
    expect(await pickup(app, 'check', { code, assetId: 'P1' })).toEqual({
      status: 200,
      body: { result: 'SUCCESS', goodsNum: 'G-TEA', codeStatus: '2', fee: '300' },
    });
    expect(await pickup(app, 'use', { code })).toMatchObject({
      status: 200,
      body: { result: 'FAIL', errorCode: 'CODE_USED' },
    });
    const state = await stateOf(code, '&status=used');
    expect(state).toMatchObject({ status: 'used', usedAssetId: 'P1' });
    expect(state!.usedAt).toBeGreaterThanOrEqual(c!.startTime);
  });

  it('an expired code checks as 3 and cannot be used', async () => {
    // Its start given, not the server's "now" when the request lands: on a loaded machine that
    // came after an end one second ahead, and the code was refused as ending before it began.
    const endTime = now() + 2;
    const [c] = await createCodes(app, { startTime: endTime - 60, endTime });
    while (now() <= endTime) await new Promise((r) => setTimeout(r, 100));
    expect(await pickup(app, 'check', { code: c!.code, assetId: 'P2' })).toMatchObject({
      status: 200,
      body: { result: 'SUCCESS', codeStatus: '3' },
    });
    expect(await pickup(app, 'use', { code: c!.code })).toMatchObject({
      body: { result: 'FAIL', errorCode: 'CODE_EXPIRED' },
    });
    expect(await stateOf(c!.code, '&status=expired')).toMatchObject({ status: 'expired' });
  });

  it('refuses another machine, other goods and unknown codes', async () => {
    const [c] = await createCodes(app, { assetId: 'P1', goodsNumber: 'G-TEA' });
    expect(await pickup(app, 'check', { code: c!.code, assetId: 'P2' })).toMatchObject({
      status: 200,
      body: { result: 'FAIL', errorCode: 'CODE_WRONG_MACHINE' },
    });
    expect(
      await pickup(app, 'check', { code: c!.code, assetId: 'P1', goodsNum: 'G-COLA' }),
    ).toMatchObject({ body: { result: 'FAIL', errorCode: 'CODE_WRONG_GOODS' } });
    const unknown = await pickup(app, 'check', { code: '1000003', assetId: 'P2' });
    expect(unknown).toMatchObject({
      status: 200,
      body: { result: 'FAIL', errorCode: 'CODE_NOT_FOUND' },
    });
    expect(typeof unknown.body.errorMsg).toBe('string');
    expect(await pickup(app, 'use', { code: '1000003' })).toMatchObject({
      body: { result: 'FAIL', errorCode: 'CODE_NOT_FOUND' },
    });
    expect(await stateOf(c!.code)).toMatchObject({ status: 'unused' });
  });

  it('refuses a bad signature, bad JSON and a missing field, and uses nothing', async () => {
    const [c] = await createCodes(app);
    const wrongKey = pickupBody(app, { code: c!.code }, 'not-the-key');
    expect(await postPickupRaw(app, 'use', wrongKey)).toMatchObject({
      status: 401,
      body: { result: 'FAIL', errorCode: 'SIGN_INVALID' },
    });
    const tampered = pickupBody(app, { code: c!.code, assetId: 'P1' }).replace('"P1"', '"P2"');
    expect(await postPickupRaw(app, 'check', tampered)).toMatchObject({
      status: 401,
      body: { errorCode: 'SIGN_INVALID' },
    });
    expect(await postPickupRaw(app, 'use', '{"code": ')).toMatchObject({
      status: 400,
      body: { result: 'FAIL', errorCode: 'INVALID_JSON' },
    });
    const missing = await pickup(app, 'check', { code: c!.code });
    expect(missing).toMatchObject({ status: 400, body: { errorCode: 'INVALID_FIELD' } });
    expect(missing.body.errorMsg).toContain('assetId');
    expect(await stateOf(c!.code)).toMatchObject({ status: 'unused' });
  });

  it('a revoked code is refused; a used one cannot be revoked', async () => {
    const [a, b] = await createCodes(app, { count: 2 });
    const revoked = await postJson(app, `/api/v1/pickup-codes/${a!.code}/revoke`);
    expect(revoked).toMatchObject({ status: 200, body: { code: a!.code, status: 'revoked' } });
    expect(await pickup(app, 'check', { code: a!.code, assetId: 'P1' })).toMatchObject({
      body: { result: 'FAIL', errorCode: 'CODE_REVOKED' },
    });
    expect(await pickup(app, 'use', { code: a!.code })).toMatchObject({
      body: { result: 'FAIL', errorCode: 'CODE_REVOKED' },
    });
    expect(await stateOf(a!.code, '&status=revoked')).toMatchObject({ status: 'revoked' });

    expect((await pickup(app, 'use', { code: b!.code })).body).toEqual({ result: 'SUCCESS' });
    expect(await postJson(app, `/api/v1/pickup-codes/${b!.code}/revoke`)).toMatchObject({
      status: 409,
      body: { error: { code: 'PICKUP_CODE_USED' } },
    });
    expect(await postJson(app, '/api/v1/pickup-codes/9999998/revoke')).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND' } },
    });
    expect(await stateOf(b!.code)).toMatchObject({ status: 'used' });
  });

  it('throttles a machine after 10 wrong codes, without looking the code up, and lists it', async () => {
    const [c] = await createCodes(app);
    for (let i = 0; i < 10; i++) {
      const r = await pickup(app, 'check', { code: `100010${i}`, assetId: 'T1' });
      expect(r.body).toMatchObject({ result: 'FAIL', errorCode: 'CODE_NOT_FOUND' });
    }
    expect(await pickup(app, 'check', { code: c!.code, assetId: 'T1' })).toMatchObject({
      status: 429,
      body: { result: 'FAIL', errorCode: 'CHECK_THROTTLED' },
    });
    // other machines are unaffected
    expect((await pickup(app, 'check', { code: c!.code, assetId: 'T2' })).body).toMatchObject({
      result: 'SUCCESS',
      codeStatus: '1',
    });
    const throttled = await getJson<{ items: Record<string, unknown>[] }>(
      app,
      '/api/v1/pickup-codes/throttled',
    );
    expect(throttled.status).toBe(200);
    expect(throttled.body.items).toEqual([
      expect.objectContaining({ assetId: 'T1', throttledChecks: 1, wrongCodes: 10 }),
    ]);
  });

  it('a redelivered use is answered as the first; its nonce with another body is a replay', async () => {
    const [a, b] = await createCodes(app, { count: 2 });
    const body = pickupBody(app, { code: a!.code });
    const first = await postPickupRaw(app, 'use', body);
    expect(first).toEqual({ status: 200, body: { result: 'SUCCESS' } });
    expect(await postPickupRaw(app, 'use', body)).toEqual(first);
    expect(await postPickupRaw(app, 'use', body)).toEqual(first);

    const nonceStr = (JSON.parse(body) as { nonceStr: string }).nonceStr;
    const replay = pickupBody(app, { code: b!.code, nonceStr });
    expect(await postPickupRaw(app, 'use', replay)).toMatchObject({
      status: 401,
      body: { result: 'FAIL', errorCode: 'REPLAY' },
    });
    expect(await stateOf(b!.code)).toMatchObject({ status: 'unused' });
  });

  it('50 concurrent uses of one code: exactly one SUCCESS', async () => {
    const [c] = await createCodes(app, { assetId: 'P2' });
    const bodies = Array.from({ length: 50 }, () => pickupBody(app, { code: c!.code }));
    const answers = await Promise.all(bodies.map((b) => postPickupRaw(app, 'use', b)));
    const ok = answers.filter((r) => r.body.result === 'SUCCESS');
    expect(ok).toHaveLength(1);
    expect(answers.filter((r) => r.body.errorCode === 'CODE_USED')).toHaveLength(49);
    expect(await stateOf(c!.code)).toMatchObject({ status: 'used', usedAssetId: 'P2' });
  });
});

describe('GET /api/v1/pickup-codes', () => {
  it('pages newest first with a cursor and filters by machine', async () => {
    const issued = await createCodes(app, { assetId: 'P2', count: 5 });
    const first = await getJson<{ items: IssuedCode[]; nextCursor: string | null }>(
      app,
      '/api/v1/pickup-codes?assetId=P2&status=unused&limit=3',
    );
    expect(first.body.items.map((c) => c.code)).toEqual(
      issued
        .slice(2)
        .map((c) => c.code)
        .reverse(),
    );
    const second = await getJson<{ items: IssuedCode[] }>(
      app,
      `/api/v1/pickup-codes?assetId=P2&status=unused&limit=3&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.slice(0, 2).map((c) => c.code)).toEqual(
      issued
        .slice(0, 2)
        .map((c) => c.code)
        .reverse(),
    );
    expect(await getJson(app, '/api/v1/pickup-codes?status=lost')).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_QUERY' } },
    });
  });

  it('exports CSV with a header row', async () => {
    const [c] = await createCodes(app, { assetId: 'P1', fee: 120 });
    const r = await fetch(`${app.url}/api/v1/pickup-codes/export?assetId=P1&status=unused`, {
      headers: { cookie: app.admin!.cookie },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await r.text()).trimEnd().split('\r\n');
    // In the reader's language (here the default, Chinese): states in words, yuan, local times.
    expect(lines[0]!.replace(/^\uFEFF/, '')).toBe(
      '取货码,状态,售货机,商品编号,金额（元）,生效时间,有效期至,生成时间,生成人,作废时间,使用时间,使用售货机',
    );
    const time = '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}';
    expect(lines[1]).toMatch(
      new RegExp(`^${c!.code},未使用,P1,,1\\.20,${time},${time},${time},admin@test\\.local,,,$`),
    );
    expect(lines.slice(1).every((l) => l.includes(',未使用,P1,'))).toBe(true);
    const en = await fetch(`${app.url}/api/v1/pickup-codes/export?assetId=P1&status=unused`, {
      headers: { cookie: `${app.admin!.cookie}; locale=en` },
    });
    expect((await en.text()).split('\r\n')[0]).toMatch(/^\uFEFF?Code,Status,Machine,/);
  });
});

describe("the twin's customer enters a code issued through the API", () => {
  let twin: RunningTwin;

  beforeAll(async () => {
    twin = await startTwin({
      seed: 11,
      machines: 3,
      lines: 1,
      speed: 1,
      appUrl: app.url,
      clientId: app.clientId,
      key: app.key,
    });
    twin.twin.clock.pause();
    const assetId = twin.twin.fleet.machines[0]!.assetId;
    const deadline = Date.now() + 30_000;
    while ((await getJson(app, `/api/v1/machines/${assetId}`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('the twin never pushed its machines');
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  afterAll(async () => {
    await twin?.close();
  });

  it('checks, vends and uses the code; the same code entered again is not vended', async () => {
    const assetId = twin.twin.fleet.machines[0]!.assetId;
    const [c] = await createCodes(app, { assetId, fee: 450 });
    const enter = () => postJson<PickupOutcome>(twin, '/_sim/pickup', { code: c!.code, assetId });

    const first = await enter();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      vended: true,
      check: { status: 200, body: { result: 'SUCCESS', codeStatus: '1', fee: '450' } },
      use: { status: 200, body: { result: 'SUCCESS' } },
    });
    expect(await stateOf(c!.code)).toMatchObject({ status: 'used', usedAssetId: assetId });

    const again = await enter();
    expect(again.body).toMatchObject({
      vended: false,
      check: { body: { result: 'SUCCESS', codeStatus: '2' } },
    });
    expect(again.body.use).toBeUndefined();

    const other = twin.twin.fleet.machines[1]!.assetId;
    const elsewhere = await postJson<PickupOutcome>(twin, '/_sim/pickup', {
      code: (await createCodes(app, { assetId }))[0]!.code,
      assetId: other,
    });
    expect(elsewhere.body).toMatchObject({
      vended: false,
      check: { body: { result: 'FAIL', errorCode: 'CODE_WRONG_MACHINE' } },
    });
  });
});
