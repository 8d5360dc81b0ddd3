import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type RunningTwin } from '@/simulator/server';
import { refillContentSchema } from '@/lib/ingest/push/refill-schema';
import { createSmartVendingClient, type SmartVendingClient } from './client';
import { SmartVendingError } from './errors';
import { processMethods } from './methods';

// The same fleet served twice: by the twin speaking seed 000 as written, and by the twin
// answering as the real platform does (vendorQuirks). The client reads the same from both.
const START = 1_763_856_000;
let seed: RunningTwin;
let quirky: RunningTwin;
const methods: string[] = [];

const options = { seed: 9, machines: 5, lines: 2, start: START, speed: 1, historyDays: 3 };
const clientFor = (twin: RunningTwin): SmartVendingClient =>
  createSmartVendingClient({
    baseUrl: twin.url,
    clientId: 'unit-client',
    key: 'unit-key',
    signMode: 'ampersand',
    minBackoffMs: 1,
    maxBackoffMs: 5,
    methods: processMethods(`${twin.url}#${Math.random()}`),
    fetch: (input, init) => {
      if (twin === quirky)
        methods.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    },
  });

beforeAll(async () => {
  const common = { ...options, clientId: 'unit-client', key: 'unit-key' };
  // The same ledger (vendorCodes: payment codes past the tables happen in both), told two ways.
  seed = await startTwin({ ...common, vendorCodes: true });
  quirky = await startTwin({ ...common, vendorQuirks: true });
  for (const t of [seed, quirky]) {
    t.twin.clock.pause();
    t.twin.clock.advance(7 * 86_400); // refills happen, their pushes go nowhere: §8.2 has them
    t.twin.tick();
  }
});
afterAll(async () => {
  await seed?.close();
  await quirky?.close();
});

async function all<T>(
  read: (c: { limit: number; cursor: number }) => Promise<{ list: T[]; next: number | null }>,
) {
  const out: T[] = [];
  let cursor: number | null = 0;
  while (cursor !== null) {
    const page = await read({ limit: 2, cursor });
    out.push(...page.list);
    cursor = page.next;
  }
  return out;
}

describe('the twin with vendorQuirks', () => {
  it("answers a GET with Tomcat's 405 page and serves POST", async () => {
    const r = await fetch(`${quirky.url}/osapi/trade/statistic?clientId=unit-client`);
    expect(r.status).toBe(405);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(await r.text()).toMatch(/<title>HTTP Status 405 – Method Not Allowed<\/title>/);
  });

  it('gives the client the same fleet as the seed-shaped twin, through its other envelopes', async () => {
    const a = clientFor(seed);
    const b = clientFor(quirky);
    const ids = seed.twin.fleet.machines.map((m) => m.assetId);
    const window = { startTime: START - 3 * 86_400, endTime: START + 7 * 86_400 };
    expect(await all((p) => b.routerLines({}, p))).toEqual(await all((p) => a.routerLines({}, p)));
    expect(await all((p) => b.routerSites({}, p))).toEqual(await all((p) => a.routerSites({}, p)));
    expect(await all((p) => b.tradeList(window, p))).toEqual(
      await all((p) => a.tradeList(window, p)),
    );
    const stats = { assetIds: ids, ...window };
    expect(await b.tradeStatistic(stats)).toEqual(await a.tradeStatistic(stats));
    for (const assetId of ids)
      expect(await b.routerStatus({ assetId })).toEqual(await a.routerStatus({ assetId }));
    // The §5.1 GET was answered 405 once, then asked with POST, and POST is used from then on.
    const statistic = methods.filter((m) => m.endsWith('/osapi/trade/statistic'));
    expect(statistic).toEqual(['GET /osapi/trade/statistic', 'POST /osapi/trade/statistic']);
    expect(methods.every((m) => m.startsWith('POST') || m === statistic[0])).toBe(true);
  });

  it('serves §8.2 in the older refill shape, read into the same settlement', async () => {
    const older = await clientFor(quirky).refillMessage({});
    const v09 = await clientFor(seed).refillMessage({});
    expect(older.length).toBeGreaterThan(0);
    expect(older.length).toBe(v09.length);
    const raw = quirky.twin.unacknowledgedRefills();
    for (const [i, m] of older.entries()) {
      const expected = refillContentSchema.parse(raw[i]!.payload);
      expect([m.assetId, m.refillTime, m.lastRefillTime]).toEqual([
        expected.assetId,
        expected.refillTime,
        expected.lastRefillTime,
      ]);
      const byName = (l: { name: string }[] | undefined) =>
        [...(l ?? [])].sort((x, y) => (x.name < y.name ? -1 : 1));
      expect(byName(m.paySales)).toEqual(byName(expected.paySales));
      // The older shape has no stock, refill count or goods number: the rest is the same.
      const common = (s: NonNullable<typeof m.shelfPaySales>[number]) => ({
        cid: s.cid,
        locationId: s.locationId,
        goodsId: s.goodsId,
        goodsName: s.goodsName,
        price: s.price,
        paySales: byName(s.paySales),
      });
      expect(m.shelfPaySales?.map(common)).toEqual(expected.shelfPaySales?.map(common));
    }
  });

  it('refuses with return_code "FAIL " when its knob says so, in the platform\'s words', async () => {
    const knobs = (failRate: number) =>
      fetch(`${quirky.url}/_sim/knobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ failRate }),
      });
    expect((await knobs(1)).status).toBe(200);
    try {
      const e = (await clientFor(quirky)
        .routerLines({}, { limit: 10, cursor: 0 })
        .catch((x: unknown) => x)) as SmartVendingError;
      expect(e).toBeInstanceOf(SmartVendingError);
      expect(e.message).toBe(
        '/osapi/router/lines: HTTP 200 — the platform answered FAIL: 系统繁忙，请稍后再试',
      );
    } finally {
      await knobs(0);
    }
  });
});
