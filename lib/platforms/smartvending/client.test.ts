import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTwin, type RunningTwin } from '@/simulator/server';
import { createSmartVendingClient, type SmartVendingClient } from './client';
import { SmartVendingError } from './errors';

// The client against the platform twin's pull API: real signatures, real paging, and the twin's
// fault knobs (5xx, slow, malformed) switched on.
const START = 1_763_856_000;
let twin: RunningTwin;
let calls: string[] = [];

const client = (o: Partial<Parameters<typeof createSmartVendingClient>[0]> = {}) =>
  createSmartVendingClient({
    baseUrl: twin.url,
    clientId: 'unit-client',
    key: 'unit-key',
    signMode: 'ampersand',
    minBackoffMs: 1,
    maxBackoffMs: 5,
    fetch: (input, init) => {
      calls.push(String(input));
      return fetch(input, init);
    },
    ...o,
  });
const knobs = (k: Record<string, number>) => Object.assign(twin.twin.deliverer?.knobs ?? {}, k);
let c: SmartVendingClient;

beforeAll(async () => {
  twin = await startTwin({
    seed: 5,
    machines: 6,
    lines: 2,
    start: START,
    speed: 1,
    historyDays: 2,
    clientId: 'unit-client',
    key: 'unit-key',
  });
  twin.twin.clock.pause();
});
afterAll(() => twin?.close());
beforeEach(async () => {
  calls = [];
  c = client();
  await setKnobs({ errorRate: 0, slowMs: 0, malformedRate: 0 });
});

async function setKnobs(k: Record<string, number>) {
  const r = await fetch(`${twin.url}/_sim/knobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(k),
  });
  expect(r.status).toBe(200);
  void knobs;
}

describe('the pull client against the twin', () => {
  it('pages §3.2 trades with signed limit/cursor to the end, every trade once', async () => {
    const seen = new Set<string>();
    let cursor: number | null = 0;
    let pages = 0;
    while (cursor !== null) {
      const page = await c.tradeList(
        { startTime: START - 2 * 86_400, endTime: START },
        { limit: 50, cursor },
      );
      for (const t of page.list) seen.add(t.orderNo);
      cursor = page.next;
      pages++;
    }
    const expected = [...twin.twin.trades.values()].filter(
      (t) => t.payTime >= START - 2 * 86_400 && t.payTime <= START,
    );
    expect(seen.size).toBe(expected.length);
    expect(pages).toBe(Math.ceil(expected.length / 50) || 1);
  });

  it('reads §5.1 with its misspelt fields under the documented names', async () => {
    const assetId = twin.twin.fleet.machines[0]!.assetId;
    const [s] = await c.tradeStatistic({
      assetIds: [assetId],
      startTime: START - 2 * 86_400,
      endTime: START,
    });
    let alipay = 0;
    for (const t of twin.twin.trades.values())
      if (
        t.assetId === assetId &&
        t.payStatus === 1 &&
        t.payStyle === 3 &&
        t.payTime >= START - 2 * 86_400
      )
        alipay += t.price * t.count - (t.refundStatus === 2 ? t.refundFee : 0);
    expect(s!.assetId).toBe(assetId);
    expect(s!.figures.alipayAmount).toBe(alipay);
    expect(s!.figures.count).toBeGreaterThan(0);
  });

  it('answers every other endpoint in its typed shape', async () => {
    const assetId = twin.twin.fleet.machines[0]!.assetId;
    const lines = await c.routerLines({}, { limit: 1, cursor: 0 });
    expect(lines.list).toHaveLength(1);
    expect(lines.next).toBe(1);
    const sites = await c.routerSites({}, { limit: 100, cursor: 0 });
    expect(sites.list.map((s) => s.assetId).sort()).toEqual(
      twin.twin.fleet.machines.map((m) => m.assetId).sort(),
    );
    expect(sites.next).toBeNull();
    const goods = await c.routerGoods({ limit: 1000, cursor: 0 });
    const product = twin.twin.fleet.products[0]!;
    expect(goods.list.find((g) => g.number === product.number)?.price).toBe(product.price);
    const status = await c.routerStatus({ assetId });
    expect(status.vendingInfo?.shelvesInfo?.length).toBeGreaterThan(0);
    const sales = await c.routerSales({ assetId });
    expect(sales.assetId).toBe(assetId);
    expect(Array.isArray(await c.refillMessage({}))).toBe(true);
    const code = await c.codeCreate({ assetId });
    expect(code).toMatch(/^\d{7}$/);
  });

  it('retries 5xx answers on reads until one gets through', async () => {
    await setKnobs({ errorRate: 0.6 });
    const retrying = client({ retries: 30 });
    for (let i = 0; i < 10; i++) {
      const r = await retrying.routerLines({}, { limit: 10, cursor: 0 });
      expect(r.list.length).toBeGreaterThan(0);
    }
    expect(calls.length).toBeGreaterThan(10);
  });

  it('gives up with a typed error naming the endpoint and status', async () => {
    await setKnobs({ errorRate: 1 });
    const e = await c.routerGoods({ limit: 10, cursor: 0 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SmartVendingError);
    const err = e as SmartVendingError;
    expect(err.endpoint).toBe('/osapi/router/goods');
    expect([500, 503]).toContain(err.status);
    expect(err.kind).toBe('http');
    expect(calls).toHaveLength(5); // the first attempt and 4 retries
  });

  it('never retries §10 code creation (a retry could issue two codes)', async () => {
    await setKnobs({ errorRate: 1 });
    await expect(c.codeCreate({})).rejects.toBeInstanceOf(SmartVendingError);
    expect(calls).toHaveLength(1);
  });

  it('times out a slow attempt and retries; the whole call has its own limit', async () => {
    await setKnobs({ slowMs: 400 });
    const e = (await client({ attemptTimeoutMs: 100, totalTimeoutMs: 1_000 })
      .routerLines({}, { limit: 1, cursor: 0 })
      .catch((x: unknown) => x)) as SmartVendingError;
    expect(e).toBeInstanceOf(SmartVendingError);
    expect(e.kind).toBe('timeout');
    expect(calls.length).toBeGreaterThan(1);
    calls = [];
    const ok = await client({ attemptTimeoutMs: 5_000 }).routerLines({}, { limit: 1, cursor: 0 });
    expect(ok.list).toHaveLength(1);
    expect(calls).toHaveLength(1);
  });

  it('reports a malformed body as such, without retrying', async () => {
    await setKnobs({ malformedRate: 1 });
    const e = (await c
      .routerSites({}, { limit: 5, cursor: 0 })
      .catch((x: unknown) => x)) as SmartVendingError;
    expect(e.kind).toBe('malformed');
    expect(e.endpoint).toBe('/osapi/router/sites');
    expect(e.message).toMatch(/not JSON/);
    expect(calls).toHaveLength(1);
  });

  it('says so when the key is wrong (the twin refuses the signature)', async () => {
    const e = (await client({ key: 'wrong' })
      .routerLines({}, { limit: 1, cursor: 0 })
      .catch((x: unknown) => x)) as SmartVendingError;
    expect(e.status).toBe(401);
    expect(e.detail).toMatch(/SIGN_INVALID/);
  });
});
