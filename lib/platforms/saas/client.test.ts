import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAAS_ACCOUNT, startSaas, type RunningSaas } from '@/e2e/support/saas';
import { createSaasClient, SaasError } from './client';
import { decimalToMinor } from './money';

let saas: RunningSaas;
const TTL = 600;

beforeAll(async () => {
  saas = await startSaas({ tokenTtlSeconds: TTL });
});
afterAll(async () => {
  await saas?.close();
});

/** A client against the twin that counts its logins. */
function client(over: Partial<Parameters<typeof createSaasClient>[0]> = {}) {
  const calls: string[] = [];
  const c = createSaasClient({
    credentials: () => ({ ...SAAS_ACCOUNT, baseUrl: saas.url }),
    now: () => Date.now() + offset,
    fetch: (url, init) => {
      calls.push(`${init?.method} ${new URL(String(url)).pathname}`);
      return fetch(url, init);
    },
    ...over,
  });
  return { c, logins: () => calls.filter((x) => x.endsWith('/OpenApi/Login')).length, calls };
}
let offset = 0;
const cabinet = () => saas.twin.cabinets().find((c) => c.runningState === 1 && c.signal > 0)!;

describe('the SAAS client against the twin', () => {
  it('reads §2, §3 and §4 into typed results', async () => {
    const { c } = client();
    const m = cabinet();
    const info = await c.machineInfo(m.machineId);
    expect(info).toMatchObject({ machineId: m.machineId, signal: m.signal, runningState: 1 });
    const goods = await c.commodities(m.machineId);
    expect(goods.length).toBe(m.commodities.length);
    expect(goods[0]).toMatchObject({ commodityId: m.commodities[0]!.commodityId });
    const pay = await c.payConfig(m.machineId);
    expect(pay.currency).toBe(m.currency);
  });

  it('logs in once for concurrent callers and reuses the token until shortly before expiry', async () => {
    const { c, logins } = client();
    const id = cabinet().machineId;
    await Promise.all([c.machineInfo(id), c.payConfig(id), c.commodities(id)]);
    expect(logins()).toBe(1);
    await c.machineInfo(id);
    expect(logins()).toBe(1);
    // Within the last minute of the token's life the client logs in again before calling.
    offset += (TTL - 30) * 1000;
    await c.machineInfo(id);
    expect(logins()).toBe(2);
  });

  it('logs in again and retries once when the platform answers 401', async () => {
    const { c, logins } = client({ now: () => Date.now() });
    const id = cabinet().machineId;
    await c.machineInfo(id);
    // The twin's clock moves past the token's expiry while the client still trusts it.
    saas.advance((TTL + 1) * 1000);
    await expect(c.machineInfo(id)).resolves.toMatchObject({ machineId: id });
    expect(logins()).toBe(2);
  });

  it('turns a refused envelope and bad credentials into typed errors', async () => {
    const { c } = client();
    const err = await c.machineInfo('0000000000').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SaasError);
    expect((err as SaasError).kind).toBe('refused');
    expect((err as SaasError).message).toMatch(/does not exist/);
    const bad = createSaasClient({
      credentials: () => ({ ...SAAS_ACCOUNT, secret: 'wrong', baseUrl: saas.url }),
    });
    await expect(bad.machineInfo(cabinet().machineId)).rejects.toMatchObject({
      kind: 'unauthorized',
    });
    const none = createSaasClient({ credentials: () => undefined });
    await expect(none.login()).rejects.toMatchObject({ kind: 'not_configured' });
  });

  it('gives up after its timeout, and retries a GET that timed out', async () => {
    let n = 0;
    const slow = createServer((req, res) => {
      if (req.url?.includes('Login')) {
        res.end(
          JSON.stringify({ statusCode: 200, succeeded: true, data: { Token: 't', ExpiresIn: 60 } }),
        );
      }
      // Everything else never answers.
      else n++;
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const port = (slow.address() as { port: number }).port;
    const c = createSaasClient({
      credentials: () => ({ ...SAAS_ACCOUNT, baseUrl: `http://127.0.0.1:${port}` }),
      timeoutMs: 100,
      attempts: 2,
    });
    await expect(c.machineInfo('1')).rejects.toMatchObject({ kind: 'timeout' });
    // Two attempts (the login, itself under the 100 ms limit, may be retried on a busy machine).
    expect(n).toBe(2);
    slow.closeAllConnections();
    slow.close();
  });

  it('opens a door and reports a payment result', async () => {
    const { c } = client();
    const m = cabinet();
    const r = await c.openDoor({
      orderId: `T${Date.now()}`,
      machineId: m.machineId,
      doorNo: 0,
      type: 'buy',
      notifyUrl: 'http://127.0.0.1:9/nowhere',
    });
    expect(r.accepted).toBe(true);
    expect(r.orderNo).toMatch(/^\d{18}$/);
    const report = await c.reportPayment({
      orderId: 'nope',
      orderNo: 'nope',
      payType: 0,
      success: true,
    });
    expect(report.ok).toBe(false);
  });
});

describe('login in each shape the platform has answered (D73)', () => {
  it.each(['documented', 'code', 'lower'] as const)(
    'reads the token and its expiry from the %s shape',
    async (loginShape) => {
      expect((await saas.control('POST', 'knobs', { loginShape })).status).toBe(200);
      const { c, logins } = client();
      const id = cabinet().machineId;
      await expect(c.machineInfo(id)).resolves.toMatchObject({ machineId: id });
      await c.payConfig(id);
      expect(logins()).toBe(1);
      // ExpiresIn was read: within the token's last minute the client logs in again.
      offset += (TTL - 30) * 1000;
      await c.machineInfo(id);
      expect(logins()).toBe(2);
    },
  );

  it('keeps a token answered without ExpiresIn for a few minutes', async () => {
    let n = 0;
    const server = createServer((req, res) => {
      if (req.url?.includes('Login')) {
        n++;
        res.end('{"Code":200,"Data":{"Token":"t"}}');
      } else res.end('{"statusCode":200,"data":{"machineId":"1"},"succeeded":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    let at = 1_000_000;
    const c = createSaasClient({
      credentials: () => ({ ...SAAS_ACCOUNT, baseUrl: `http://127.0.0.1:${port}` }),
      now: () => at,
    });
    await c.machineInfo('1');
    at += 200_000;
    await c.machineInfo('1');
    expect(n).toBe(1);
    at += 200_000;
    await c.machineInfo('1');
    expect(n).toBe(2);
    server.closeAllConnections();
    server.close();
  });

  it('is refused in the Code shape as in the documented one', async () => {
    const server = createServer((_req, res) => res.end('{"Code":401,"Msg":"appID is wrong"}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const c = createSaasClient({
      credentials: () => ({ ...SAAS_ACCOUNT, baseUrl: `http://127.0.0.1:${port}` }),
    });
    await expect(c.login()).rejects.toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('appID is wrong'),
    });
    server.closeAllConnections();
    server.close();
  });
});

describe('against the twin with the vendor’s quirks', () => {
  it('reads goods whose ids come as JSON numbers and prices as price or Price', async () => {
    const quirky = await startSaas({ vendorQuirks: true, seed: 11 });
    try {
      const c = createSaasClient({ credentials: () => ({ ...SAAS_ACCOUNT, baseUrl: quirky.url }) });
      const m = quirky.twin.cabinets()[0]!;
      const goods = await c.commodities(m.machineId);
      expect(goods.map((g) => [g.commodityId, decimalToMinor(g.price, m.currency)])).toEqual(
        m.commodities.map((x) => [x.commodityId, x.priceMinor]),
      );
      expect((await c.machineInfo(m.machineId)).machineId).toBe(m.machineId);
    } finally {
      await quirky.close();
    }
  });
});
