import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '@/lib/platforms/signing';
import { SmartVendingTwin } from './twin';
import { startTwin, type RunningTwin } from './server';
import { signedPull } from './pull-client';
import { DAY } from './time';

const base = { clientId: 'sim-client', key: 'sim-key', speed: 1 } as const;
const START = 1_763_870_400; // 2025-11-23 12:00 +08:00

function runDay(seed: number, start = START, days = 1, machines = 30) {
  const twin = new SmartVendingTwin({ ...base, seed, machines, start });
  twin.clock.pause();
  twin.clock.advance(days * DAY);
  twin.tick();
  return twin;
}

describe('the twin is seeded', () => {
  it('the same seed gives the same fleet and the same day, field for field', () => {
    const a = runDay(7);
    const b = runDay(7);
    expect(JSON.stringify(a.fleet)).toBe(JSON.stringify(b.fleet));
    expect([...a.trades.values()]).toEqual([...b.trades.values()]);
    expect(a.refills.map((r) => r.payload)).toEqual(b.refills.map((r) => r.payload));
    expect(a.trades.size).toBeGreaterThan(50);
    const c = runDay(8);
    expect([...c.trades.keys()]).not.toEqual([...a.trades.keys()]);
  });

  it('a run started days earlier produces the same trades over the same hours', () => {
    const late = runDay(3, START, 2);
    const early = runDay(3, START - 4 * DAY, 6);
    const window = (t: SmartVendingTwin) =>
      [...t.trades.values()]
        .filter((x) => x.payTime >= START && x.payTime < START + 2 * DAY)
        .sort((x, y) => x.id.localeCompare(y.id));
    expect(window(early)).toEqual(window(late));
    expect(window(late).length).toBeGreaterThan(100);
  });
});

describe('behaviour', () => {
  const twin = runDay(11, START, 7, 20);
  const trades = [...twin.trades.values()];

  it('has a realistic mix: failed payments, refunds after failed vends, game prizes, cash', () => {
    expect(trades.some((t) => t.payStatus === 2)).toBe(true);
    expect(
      trades.some((t) => t.refundStatus === 2 && t.deliverStatus === 3 && t.refundFee === t.price),
    ).toBe(true);
    expect(trades.some((t) => t.payStyle === 8)).toBe(true);
    const wechat = trades.filter((t) => t.payStyle === 2).length / trades.length;
    expect(wechat).toBeGreaterThan(0.3);
    expect(wechat).toBeLessThan(0.6);
  });

  it('sells more at lunch than at 3 a.m.', () => {
    const hour = (t: number) => new Date((t + 8 * 3600) * 1000).getUTCHours();
    const at = (h: number) => trades.filter((t) => hour(t.payTime) === h).length;
    expect(at(12)).toBeGreaterThan(at(3) * 3);
  });

  it('each refill settlement agrees with the trades since the previous visit', () => {
    expect(twin.refills.length).toBeGreaterThan(5);
    for (const { payload } of twin.refills.filter((r) => r.refill.lastRefillTime >= START)) {
      const sold = trades.filter(
        (t) =>
          t.assetId === payload.assetId &&
          t.payStatus === 1 &&
          t.deliverStatus === 0 &&
          t.payTime > payload.lastRefillTime &&
          t.payTime <= payload.refillTime,
      );
      const total = payload.paySales.find((p) => p.name === 'total')!;
      expect(total.units).toBe(sold.length);
      expect(total.sales).toBe(sold.reduce((n, t) => n + t.price, 0));
      const cash = payload.paySales.find((p) => p.name === 'cash')!;
      expect(cash.units).toBe(sold.filter((t) => t.payStyle === 4).length);
      for (const shelf of payload.shelfPaySales)
        expect(shelf.stock).toBeGreaterThanOrEqual(shelf.refillCount);
    }
  });

  it('shelves sell out, with the time, and come back at the next visit', () => {
    const events = [...twin.status.values()].flatMap((s) => s.shelvesState ?? []);
    expect(events.some((s) => s.state === 1 && typeof s.soldoutTime === 'number')).toBe(true);
  });
});

describe('pushes and pulls', () => {
  let running: RunningTwin;
  beforeAll(async () => {
    running = await startTwin(
      { ...base, seed: 5, machines: 8, start: START, appUrl: 'http://127.0.0.1:9' },
      0,
    );
    running.twin.deliverer!.stop(); // nothing listens on port 9: keep the ledger as it is
    running.twin.clock.pause();
    running.twin.clock.advance(10 * DAY);
    running.twin.tick();
  });
  afterAll(() => running?.close());

  it('signs every push so that lib/platforms/signing verifies it', () => {
    const ledger = running.twin.deliverer!.ledger;
    expect(new Set(ledger.map((d) => d.kind))).toEqual(
      new Set(['device', 'status', 'trade', 'refill']),
    );
    for (const d of ledger) {
      const parsed = JSON.parse(d.body) as Record<string, unknown>;
      expect(verifySignature({ body: d.body, parsed, secret: base.key })?.form).toBe('amp-upper');
      expect(parsed.clientId).toBe(base.clientId);
    }
  });

  it('pages §3.2 trades so that every row comes exactly once', async () => {
    const seen: string[] = [];
    let cursor = 0;
    for (;;) {
      const r = await signedPull(running.url, '/osapi/trade/list', {
        ...base,
        query: { limit: '37', cursor: String(cursor) },
      });
      const page = (await r.json()) as {
        result: string;
        cursor: string;
        total: string;
        list: { orderNo: string }[];
      };
      expect(page.result).toBe('SUCCESS');
      seen.push(...page.list.map((t) => t.orderNo));
      cursor = Number(page.cursor);
      if (cursor >= Number(page.total)) break;
    }
    expect(seen.length).toBe(running.twin.trades.size);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a pull with a bad signature, and answers the other sections', async () => {
    const bad = await signedPull(running.url, '/osapi/router/lines', {
      ...base,
      key: 'wrong',
      query: { limit: '10', cursor: '0' },
    });
    expect(bad.status).toBe(401);
    const lines = (await (
      await signedPull(running.url, '/osapi/router/lines', {
        ...base,
        query: { limit: '10', cursor: '0' },
      })
    ).json()) as { list: { name: string }[] };
    expect(lines.list.length).toBeGreaterThan(0);
    const assetId = running.twin.fleet.machines[0]!.assetId;
    const stat = (await (
      await signedPull(running.url, '/osapi/trade/statistic', {
        ...base,
        method: 'GET',
        query: { assetIds: assetId, startTime: String(START), endTime: String(START + 10 * DAY) },
      })
    ).json()) as Record<string, number>[];
    const mine = [...running.twin.trades.values()].filter(
      (t) => t.assetId === assetId && t.payStatus === 1 && t.payStyle !== 8,
    );
    expect(stat[0]!.count).toBe(mine.length);
    const sales = (await (
      await signedPull(running.url, '/osapi/router/sales', { ...base, body: { assetId } })
    ).json()) as { shelvesInfo: unknown[] };
    expect(sales.shelvesInfo.length).toBeGreaterThan(0);
    const goods = (await (
      await signedPull(running.url, '/osapi/router/goods', {
        ...base,
        query: { limit: '200', cursor: '0' },
      })
    ).json()) as { list: { price: string }[] };
    expect(goods.list.every((g) => /^\d+(\.\d{1,2})?$/.test(g.price))).toBe(true);
    const code = (await (
      await signedPull(running.url, '/osapi/code/create', { ...base, body: { assetId } })
    ).json()) as { code: string };
    expect(code.code).toMatch(/^\d{7}$/);
    // nothing was acknowledged (no app listens): every refill waits in §8.2
    const messages = (await (
      await signedPull(running.url, '/osapi/refill/message', { ...base, body: {} })
    ).json()) as { message: unknown[] };
    expect(running.twin.refills.length).toBeGreaterThan(0);
    expect(messages.message.length).toBe(running.twin.refills.length);
  });
});
