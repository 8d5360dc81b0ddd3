import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { getJson } from '../support/push';
import { startTwin, type RunningTwin } from '@/simulator/server';
import type { TwinTrade } from '@/simulator/engine';

// The twin runs ten simulated days (every line's refill visit comes at least once) against the real app with lossy, duplicating, reordering
// delivery; afterwards the app must hold exactly what the twin's ledger says happened.
const START = 1_763_856_000; // 2025-11-23 08:00 +08:00
let app: RunningServer;
let twin: RunningTwin;

beforeAll(async () => {
  app = await startServer();
  twin = await startTwin({
    seed: 42,
    machines: 16,
    lines: 2,
    start: START,
    speed: 1,
    appUrl: app.url,
    clientId: app.clientId,
    key: app.key,
  });
  Object.assign(twin.twin.deliverer!.knobs, { drop: 0.05, duplicate: 0.05, reorder: true });
  twin.twin.clock.pause();
  twin.twin.clock.advance(10 * 86_400);
  twin.twin.tick();
  const deadline = Date.now() + 90_000;
  while (twin.twin.deliverer!.pending > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
}, 120_000);

afterAll(async () => {
  await twin?.close();
  await app?.stop();
});

async function allTrades() {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const page: { body: { items: Record<string, unknown>[]; nextCursor: string | null } } =
      await getJson(app, `/api/v1/trades?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  }
  return items;
}

describe('twin + app over simulated days with drop, duplicate and reorder', () => {
  it('delivered everything in the end, despite lost and repeated attempts', () => {
    const ledger = twin.twin.deliverer!.ledger;
    expect(twin.twin.deliverer!.pending).toBe(0);
    expect(ledger.filter((d) => d.state !== 'delivered')).toEqual([]);
    expect(ledger.some((d) => d.attempts.some((a) => a.dropped))).toBe(true);
    expect(ledger.length).toBeGreaterThan(500);
  });

  it("the app's trades equal the twin's ledger exactly", async () => {
    const fromTwin = [...twin.twin.trades.values()];
    const fromApp = new Map((await allTrades()).map((t) => [t.id as string, t]));
    expect(fromApp.size).toBe(fromTwin.length);
    const pick = (t: TwinTrade) => ({
      id: t.id,
      assetId: t.assetId,
      price: t.price,
      payStyle: t.payStyle,
      payStatus: t.payStatus,
      deliverStatus: t.deliverStatus,
      refundStatus: t.refundStatus,
      refundFee: t.refundFee,
      payTime: t.payTime,
      goodsId: t.goodsId,
    });
    for (const t of fromTwin) {
      const a = fromApp.get(t.id);
      expect(
        a && {
          id: a.id,
          assetId: a.assetId,
          price: a.price,
          payStyle: a.payStyle,
          payStatus: a.payStatus,
          deliverStatus: a.deliverStatus,
          refundStatus: a.refundStatus,
          refundFee: a.refundFee,
          payTime: a.payTime,
          goodsId: a.goodsId,
        },
      ).toEqual(pick(t));
    }
  });

  it("the app's refill settlements are the twin's", async () => {
    const { body } = await getJson<{
      items: { id: number; assetId: string; refillTime: number }[];
    }>(app, '/api/v1/refills?limit=1000');
    expect(twin.twin.refills.length).toBeGreaterThanOrEqual(16);
    expect(body.items.map((r) => `${r.assetId}@${r.refillTime}`).sort()).toEqual(
      twin.twin.refills.map((r) => `${r.payload.assetId}@${r.payload.refillTime}`).sort(),
    );
    const sample = twin.twin.refills[0]!.payload;
    const id = body.items.find(
      (r) => r.assetId === sample.assetId && r.refillTime === sample.refillTime,
    )!.id;
    const one = await getJson<{
      paySales: unknown[];
      shelfPaySales: { locationId: string; stock: number; refillCount: number }[];
    }>(app, `/api/v1/refills/${id}`);
    expect(one.body.paySales).toEqual(sample.paySales);
    expect(one.body.shelfPaySales.map((s) => [s.locationId, s.stock, s.refillCount])).toEqual(
      sample.shelfPaySales.map((s) => [s.locationId, s.stock, s.refillCount]),
    );
  });

  it("the app's statistics equal the twin's ledger, refunds overtaking their sales included", async () => {
    const paid = [...twin.twin.trades.values()].filter(
      (t) => t.payStatus === 1 && t.payStyle !== 8,
    );
    const count = paid.reduce((n, t) => n + t.count, 0);
    const amount = paid.reduce(
      (n, t) => n + t.price * t.count - (t.refundStatus === 2 ? t.refundFee : 0),
      0,
    );
    const { body } = await getJson<{ total: { count: number; amount: number } }>(
      app,
      `/api/v1/stats/sales?startTime=${START}&endTime=${START + 10 * 86_400}`,
    );
    expect(count).toBeGreaterThan(100);
    expect(body.total).toMatchObject({ count, amount });
  });

  it('reconciles every visit whose whole window the app saw as matched', async () => {
    const { body } = await getJson<{ items: { lastRefillTime: number; verdict: string }[] }>(
      app,
      '/api/v1/refills?limit=1000',
    );
    // Visits whose window began before the twin did lack those trades: never a variance.
    const whole = body.items.filter((v) => v.lastRefillTime >= START);
    expect(whole.length).toBeGreaterThan(0);
    expect(whole.map((v) => v.verdict)).toEqual(whole.map(() => 'matched'));
    const partial = body.items.filter((v) => v.lastRefillTime < START);
    expect(partial.filter((v) => v.verdict === 'variance')).toEqual([]);
  });

  it("the app's machine states match the twin's", async () => {
    const { body } = await getJson<{
      items: {
        assetId: string;
        online: boolean;
        doorOpen: boolean;
        sellable: boolean;
        soldOutShelves: number;
        totalShelves: number;
        incomplete: boolean;
      }[];
    }>(app, '/api/v1/machines?limit=100');
    expect(body.items).toHaveLength(16);
    for (const m of body.items) {
      const s = twin.twin.status.get(m.assetId)!;
      const machine = twin.twin.machines.get(m.assetId)!;
      expect({
        assetId: m.assetId,
        online: m.online,
        doorOpen: m.doorOpen,
        sellable: m.sellable,
        soldOut: m.soldOutShelves,
        shelves: m.totalShelves,
        incomplete: m.incomplete,
      }).toEqual({
        assetId: m.assetId,
        online: s.online === 0,
        doorOpen: s.doorState === 0,
        sellable: s.isSale === 1,
        soldOut: (s.shelvesState ?? []).filter((x) => x.state === 1).length,
        shelves: machine.containers.reduce((n, c) => n + c.shelves.length, 0),
        incomplete: false,
      });
    }
  });
});
