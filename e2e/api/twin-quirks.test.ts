import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { getJson } from '../support/push';
import { startTwin, type RunningTwin } from '@/simulator/server';
import { CLOCK_AHEAD_BY } from '@/simulator/quirks-values';

// The twin with vendorQuirks (issue 17; D71) pushes nineteen simulated hours, ending shortly before
// the wall clock, to the real app: temperatures as unsigned bytes, missing sensors, chambers,
// times in milliseconds and as strings, payment codes past the tables, and one machine a day
// ahead. The app must hold what the twin's ledger says happened.
let app: RunningServer;
let twin: RunningTwin;
let pushedFrom: number;
let pushedTo: number;

beforeAll(async () => {
  app = await startServer();
  twin = await startTwin({
    seed: 17,
    machines: 40,
    lines: 3,
    start: Math.floor(Date.now() / 1000) - 21 * 3600,
    speed: 1,
    appUrl: app.url,
    clientId: app.clientId,
    key: app.key,
    vendorQuirks: true,
  });
  twin.twin.clock.pause();
  pushedFrom = Math.floor(Date.now() / 1000);
  twin.twin.clock.advance(19 * 3600);
  twin.twin.tick();
  const deadline = Date.now() + 120_000;
  while (twin.twin.deliverer!.pending > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
  pushedTo = Math.floor(Date.now() / 1000);
}, 180_000);

afterAll(async () => {
  await twin?.close();
  await app?.stop();
});

interface AppTrade {
  id: string;
  assetId: string;
  payTime: number | null;
  payTimeStated: number | null;
  createTime: number | null;
  payStyle: number | null;
  payStatus: number | null;
  price: number | null;
  refundStatus: number | null;
  refundFee: number | null;
}
async function allTrades() {
  const items: AppTrade[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const page: { body: { items: AppTrade[]; nextCursor: string | null } } = await getJson(
      app,
      `/api/v1/trades?limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
    );
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  }
  return items;
}

describe('the twin as the vendor’s code sends, against the app', () => {
  it('delivered every push, none refused', async () => {
    const ledger = twin.twin.deliverer!.ledger;
    expect(ledger.filter((d) => d.state !== 'delivered')).toEqual([]);
    const refused = await getJson<{ items: unknown[] }>(app, '/api/v1/inbox?status=rejected');
    expect(refused.body.items).toEqual([]);
  });

  it('holds every trade as the ledger has it; the fast machine’s at their receipt', async () => {
    const ahead = twin.twin.values!.clockAhead!;
    const held = new Map((await allTrades()).map((t) => [t.id, t]));
    const ledger = [...twin.twin.trades.values()];
    const sent = ledger.filter((t) => held.has(t.id));
    expect(sent.length).toBeGreaterThan(100);
    expect(held.size).toBe(sent.length);
    let fast = 0;
    for (const t of sent) {
      const h = held.get(t.id)!;
      expect(h).toMatchObject({
        payStyle: t.payStyle,
        payStatus: t.payStatus,
        price: t.price,
        refundStatus: t.refundStatus,
        refundFee: t.refundFee,
      });
      if (t.assetId === ahead) {
        fast++;
        expect(h.payTimeStated).toBe(t.payTime + CLOCK_AHEAD_BY);
        expect(h.payTime).toBeGreaterThanOrEqual(pushedFrom);
        expect(h.payTime).toBeLessThanOrEqual(pushedTo);
      } else {
        expect(h).toMatchObject({ payTime: t.payTime, createTime: t.createTime });
        expect(h.payTimeStated).toBeNull();
      }
    }
    expect(fast).toBeGreaterThan(0);
    // The codes past the tables came through and were kept.
    const codes = new Set(sent.map((t) => held.get(t.id)!.payStyle));
    expect([17, 18, 20, 22].some((c) => codes.has(c))).toBe(true);
  });

  it('flags the fast machine, and only it, clock ahead', async () => {
    const ahead = twin.twin.values!.clockAhead!;
    const overview = await getJson<{ alerts: { kind: string; assetId: string }[] }>(
      app,
      '/api/v1/overview',
    );
    expect(
      overview.body.alerts.filter((a) => a.kind === 'clockAhead').map((a) => a.assetId),
    ).toEqual([ahead]);
    const m = await getJson<{ clockAhead: { by: number } | null }>(
      app,
      `/api/v1/machines/${ahead}`,
    );
    // By as much as its latest message stated past its receipt.
    const latest = Math.max(
      ...[...twin.twin.trades.values()]
        .filter((t) => t.assetId === ahead)
        .map((t) => Math.max(t.payTime, t.refundTime)),
    );
    expect(m.body.clockAhead!.by).toBeGreaterThanOrEqual(latest + CLOCK_AHEAD_BY - pushedTo);
    expect(m.body.clockAhead!.by).toBeLessThanOrEqual(
      twin.twin.clock.now() + CLOCK_AHEAD_BY - pushedFrom,
    );
  });

  it('reads every temperature as the machine meant it: freezers below zero, none as bytes', async () => {
    const quirks = twin.twin.values!;
    let freezers = 0;
    let missing = 0;
    for (const m of twin.twin.fleet.machines) {
      const detail = await getJson<{
        temperatures: {
          leftRmTem: number | null;
          rightRmTem: number | null;
          cryTemDL: number | null;
          chambers: Record<string, number | null> | null;
        }[];
      }>(app, `/api/v1/machines/${m.assetId}`);
      for (const t of detail.body.temperatures) {
        const values = [t.leftRmTem, t.rightRmTem, ...Object.values(t.chambers ?? {})];
        for (const v of values) if (v !== null) expect(v).toBeGreaterThanOrEqual(-30);
        for (const v of values) if (v !== null) expect(v).toBeLessThan(40);
        missing += values.filter((v) => v === null).length;
        expect(t.chambers).toMatchObject({ wh2: null });
        if (quirks.isFreezer(m.assetId)) {
          freezers++;
          expect(t.cryTemDL).toBeLessThan(0);
          expect(t.leftRmTem).toBeLessThan(0);
        }
      }
    }
    expect(freezers).toBeGreaterThan(0);
    expect(missing).toBeGreaterThan(0);
  });
});
