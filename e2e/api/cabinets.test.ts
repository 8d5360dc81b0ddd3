import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaasCabinet } from '@/simulator/saas';
import { decodeBody } from '@/lib/ingest/push/body';
import { sendJson } from '../support/auth';
import { peek } from '../support/peek';
import { startSaas, type RunningSaas } from '../support/saas';
import { startServer, type RunningServer } from '../support/server';
import { brokenUtf8String, nested } from '../support/hostile';
import { stepsFor } from '../support/mutations';

/**
 * AI cabinets against the SAAS twin (simulator/saas): the real app opens doors there, the twin
 * calls back the app's NotifyUrl, and the test watches what an operator would see.
 */
let app: RunningServer;
let saas: RunningSaas;
let cab: SaasCabinet;
let other: SaasCabinet;
const TTL = 3600;

type Order = {
  orderId: string;
  orderNo: string | null;
  state: string;
  items: { id: string; name: string; count: number; meterType: number; price: number }[];
  amount: number;
  currency: string;
  refunded: number;
  reviewKind: string | null;
  reviewReason: string | null;
  adjustments: { refNo: string; amount: number; reported: boolean | null }[];
  refunds: { refNo: string | null; amount: number; reported: boolean | null }[];
  restock: { lines: { id: string; layerNo: number; stockCount: number }[] } | null;
  events: { action: string; kind: string; status: boolean | null }[];
};

const api = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
  sendJson<T>(app.admin!, method, path, body);
const knobs = (k: Record<string, number>) =>
  saas.control('POST', 'knobs', {
    cancelRate: 0,
    processMode1Rate: 0,
    processMode2Rate: 0,
    recognitionFailureRate: 0,
    neverSettleRate: 0,
    ...k,
  });

async function waitFor(orderId: string, ok: (o: Order) => boolean, ms = 15_000): Promise<Order> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await api<Order>('GET', `/api/v1/cabinet-orders/${orderId}`);
    if (ok(r.body) || Date.now() > deadline) return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
}

async function open(type: 'buy' | 'restock' = 'buy', c = cab, doorNo = 0) {
  const r = await api<{ orderId: string; state: string }>('POST', '/api/v1/cabinet-orders', {
    machineId: c.machineId,
    doorNo,
    type,
  });
  expect(r.status).toBe(201);
  return r.body.orderId;
}

const twinOrder = (orderId: string) => saas.twin.orders().find((o) => o.orderId === orderId)!;
const settledStates = (o: Order) => !['requested', 'opened', 'closed'].includes(o.state);

beforeAll(async () => {
  saas = await startSaas({ tokenTtlSeconds: TTL, callbackDelayMs: 30 });
  app = await startServer({ ...saas.env, CABINET_STUCK_SECONDS: '2', SAAS_POLL_SECONDS: '1' });
  const usable = saas.twin.cabinets().filter((c) => c.runningState === 1 && c.signal > 0);
  [cab, other] = usable as [SaasCabinet, SaasCabinet];
  for (const c of [cab, other]) {
    const r = await api('POST', '/api/v1/cabinets', { machineId: c.machineId });
    expect(r.status).toBe(201);
  }
  await knobs({});
}, 120_000);

afterAll(async () => {
  await saas?.close();
  await app?.stop();
});

describe('cabinets in the fleet', () => {
  it('polls status, payment configuration and goods in the machine currency', async () => {
    const r = await api<
      Record<string, unknown> & { goods: { commodityId: string; price: number }[] }
    >('GET', `/api/v1/cabinets/${cab.machineId}`);
    expect(r.body).toMatchObject({
      machineId: cab.machineId,
      signal: cab.signal,
      temperature: cab.temperature,
      runningState: 1,
      currency: cab.currency,
      preAuthLimit: Number(cab.preAuthorLimit) * 100,
    });
    for (const c of cab.commodities)
      expect(r.body.goods).toContainEqual(
        expect.objectContaining({ commodityId: c.commodityId, price: c.priceMinor }),
      );
    const list = await api<{
      items: { assetId: string; online: boolean | null; sellable: boolean | null }[];
    }>('GET', '/api/v1/machines?platform=saas');
    expect(list.body.items.map((m) => m.assetId).sort()).toEqual(
      [cab.machineId, other.machineId].sort(),
    );
    // Its polled state in the fleet, as on its own page: running with a signal (D81).
    expect(list.body.items.find((m) => m.assetId === cab.machineId)).toMatchObject({
      online: true,
      sellable: true,
    });
    const online = await api<{ items: { assetId: string }[] }>(
      'GET',
      '/api/v1/machines?platform=saas&online=true',
    );
    expect(online.body.items.map((m) => m.assetId)).toContain(cab.machineId);
    const one = await api<{ online: boolean | null; sellable: boolean | null }>(
      'GET',
      `/api/v1/machines/${cab.machineId}`,
    );
    expect(one.body).toMatchObject({ online: true, sellable: true });
  });

  it('follows the cabinet on the schedule', async () => {
    const twinCab = saas.twin.cabinets().find((c) => c.machineId === other.machineId)!;
    twinCab.temperature = '11';
    twinCab.signal = 1;
    const deadline = Date.now() + 10_000;
    let seen: Record<string, unknown> = {};
    while (Date.now() < deadline && seen.temperature !== '11') {
      await new Promise((r) => setTimeout(r, 250));
      seen = (await api('GET', `/api/v1/cabinets/${other.machineId}`)).body;
    }
    expect(seen).toMatchObject({ temperature: '11', signal: 1, pollError: null });
  });

  it('is a machine of platform saas with its own page data', async () => {
    const m = await api<{ platform: string }>('GET', `/api/v1/machines/${cab.machineId}`);
    expect(m.status).toBe(200);
    expect(m.body.platform).toBe('saas');
  });

  it('refuses an unknown machine id with the platform’s reason', async () => {
    const r = await api<{ error: { code: string; message: string } }>('POST', '/api/v1/cabinets', {
      machineId: '9999999999',
    });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/does not exist/);
  });
});

describe('a purchase', () => {
  it('goes requested → opened → closed → recognised, then paid, and reports the payment', async () => {
    const id = await open();
    const o = await waitFor(id, settledStates);
    expect(o.state).toBe('recognised');
    const truth = twinOrder(id);
    expect(o.orderNo).toBe(truth.orderNo);
    expect(o.amount).toBe(truth.totalMinor);
    expect(o.items.map((i) => [i.id, i.count])).toEqual(
      truth.taken.map((l) => [l.commodityId, l.meterType === 2 ? l.grams : l.pieces]),
    );
    expect(o.events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['OpenDoor', 'OpenedDoor', 'ClosedDoor', 'OrderDetected']),
    );
    const paid = await api<{ state: string; reported: boolean }>(
      'POST',
      `/api/v1/cabinet-orders/${id}/payment`,
      { status: 'success' },
    );
    expect(paid.body).toMatchObject({ state: 'paid', reported: true });
    expect(twinOrder(id).payments).toEqual([
      expect.objectContaining({ orderId: id, orderNo: truth.orderNo, payType: 0, payStatus: 1 }),
    ]);
    const again = await api('POST', `/api/v1/cabinet-orders/${id}/payment`, { status: 'success' });
    expect(again.status).toBe(409);
  });

  it('a failed payment is reported, shown for review, and can succeed later', async () => {
    const id = await open();
    await waitFor(id, settledStates);
    const failed = await api('POST', `/api/v1/cabinet-orders/${id}/payment`, {
      status: 'failed',
      message: 'card declined',
    });
    expect(failed.body).toMatchObject({ state: 'payment_failed', reported: true });
    expect(twinOrder(id).payments.at(-1)).toMatchObject({
      payStatus: 2,
      errorMessage: 'card declined',
    });
    const queue = await api<{ items: Order[] }>(
      'GET',
      '/api/v1/cabinet-orders?state=needs_review,payment_failed',
    );
    expect(queue.body.items.map((x) => x.orderId)).toContain(id);
    const ok = await api('POST', `/api/v1/cabinet-orders/${id}/payment`, { status: 'success' });
    expect(ok.body).toMatchObject({ state: 'paid' });
  });
});

describe('exceptions', () => {
  it('a door that fails to open is cancelled with the machine’s reason', async () => {
    await knobs({ cancelRate: 1 });
    const id = await open();
    const o = await waitFor(id, settledStates);
    expect(o.state).toBe('cancelled');
    expect(o.events.some((e) => e.action === 'Cancel')).toBe(true);
    await knobs({});
  });

  it('TradeProcessMode 1 (opened, nothing taken) is cancelled', async () => {
    await knobs({ processMode1Rate: 1 });
    const o = await waitFor(await open(), settledStates);
    expect(o).toMatchObject({ state: 'cancelled', amount: 0 });
    await knobs({});
  });

  it('TradeProcessMode 2 needs review with its reason; the platform’s settlement settles it', async () => {
    await knobs({ processMode2Rate: 1 });
    const id = await open();
    const o = await waitFor(id, settledStates);
    expect(o).toMatchObject({ state: 'needs_review', reviewKind: 'interrupted' });
    expect(o.reviewReason).toBeTruthy();
    expect((await saas.control('POST', `orders/${id}/settlement`)).status).toBe(202);
    const s = await waitFor(id, (x) => x.state === 'settled');
    expect(s.state).toBe('settled');
    expect(s.amount).toBe(twinOrder(id).totalMinor);
    await knobs({});
  });

  it('Status=false needs review with the recognition failure', async () => {
    await knobs({ recognitionFailureRate: 1 });
    const o = await waitFor(await open(), settledStates);
    expect(o).toMatchObject({ state: 'needs_review', reviewKind: 'recognition_failed' });
    expect(o.reviewReason).toBeTruthy();
    await knobs({});
  });

  it('a door closed with no recognition reaches the review queue; an operator settles it', async () => {
    await knobs({ neverSettleRate: 1 });
    const id = await open();
    const closed = await waitFor(id, (x) => x.state !== 'requested' && x.state !== 'opened');
    expect(closed.state).toBe('closed');
    const stuck = await waitFor(id, (x) => x.state === 'needs_review', 10_000);
    expect(stuck).toMatchObject({ state: 'needs_review', reviewKind: 'stuck' });
    const queue = await api<{ items: Order[] }>('GET', '/api/v1/cabinet-orders?state=needs_review');
    expect(queue.body.items.map((x) => x.orderId)).toContain(id);
    const goods = cab.commodities.find((c) => c.doorNo === 0 && c.meterType === 1)!;
    const settled = await api<{ state: string }>('POST', `/api/v1/cabinet-orders/${id}/settle`, {
      items: [{ commodityId: goods.commodityId, count: 2 }],
    });
    expect(settled.body.state).toBe('settled');
    const after = await waitFor(id, () => true);
    expect(after.amount).toBe(2 * goods.priceMinor);
    await knobs({});
  });

  it('a supplementary deduction is reported with PayType 1, a platform refund with PayType 2', async () => {
    const id = await open();
    await waitFor(id, settledStates);
    await api('POST', `/api/v1/cabinet-orders/${id}/payment`, { status: 'success' });
    const before = await waitFor(id, () => true);
    expect((await saas.control('POST', `orders/${id}/adjustment`, { amount: '1.00' })).status).toBe(
      202,
    );
    const adjusted = await waitFor(id, (x) => x.adjustments.length > 0);
    expect(adjusted.amount).toBe(before.amount + 100);
    const ded = await api('POST', `/api/v1/cabinet-orders/${id}/payment`, {
      status: 'success',
      kind: 'deduction',
    });
    expect(ded.body).toMatchObject({ reported: true });
    const deductionNo = twinOrder(id).adjustments[0]!.orderNo;
    expect(twinOrder(id).payments.at(-1)).toMatchObject({ payType: 1, orderNo: deductionNo });

    expect((await saas.control('POST', `orders/${id}/refund`, { amount: '1.00' })).status).toBe(
      202,
    );
    const refunded = await waitFor(id, (x) => x.state === 'refunded');
    expect(refunded).toMatchObject({ state: 'refunded', refunded: 100 });
    const rec = await api('POST', `/api/v1/cabinet-orders/${id}/refund`, {
      amount: 100,
      note: 'done',
    });
    expect(rec.body).toMatchObject({ state: 'refunded', reported: true });
    const refundNo = twinOrder(id).refunds[0]!.orderNo;
    expect(twinOrder(id).payments.at(-1)).toMatchObject({ payType: 2, orderNo: refundNo });
    const final = await waitFor(id, () => true);
    expect(final.refunds[0]).toMatchObject({ refNo: refundNo, reported: true });
  });

  it('an operator cancels an order under review; bad input is a 422, not a 500', async () => {
    await knobs({ recognitionFailureRate: 1 });
    const id = await open();
    await waitFor(id, settledStates);
    await knobs({});
    const bad = await api('POST', `/api/v1/cabinet-orders/${id}/settle`, {
      items: [{ count: -1 }],
    });
    expect(bad.status).toBe(422);
    const wrong = await api('POST', `/api/v1/cabinet-orders/${id}/settle`, {
      items: [{ commodityId: 'nope', count: 1 }],
    });
    expect(wrong.status).toBe(422);
    const c = await api('POST', `/api/v1/cabinet-orders/${id}/cancel`, { note: 'empty-handed' });
    expect(c.body).toMatchObject({ state: 'cancelled' });
    expect((await api('POST', `/api/v1/cabinet-orders/${id}/cancel`, {})).status).toBe(409);
    expect((await api('GET', '/api/v1/cabinet-orders/NOPE')).status).toBe(404);
    expect((await api('POST', '/api/v1/cabinet-orders', { machineId: cab.machineId })).status).toBe(
      422,
    );
  });
});

describe('the order list', () => {
  it('filters by cabinet, state and date', async () => {
    const all = await api<{ items: Order[] }>(
      'GET',
      `/api/v1/cabinet-orders?machineId=${cab.machineId}`,
    );
    expect(all.body.items.length).toBeGreaterThan(3);
    expect(
      all.body.items.every(
        (o) => (o as unknown as { machineId: string }).machineId === cab.machineId,
      ),
    ).toBe(true);
    const paid = await api<{ items: Order[] }>('GET', '/api/v1/cabinet-orders?state=paid');
    expect(paid.body.items.length).toBeGreaterThan(0);
    expect(paid.body.items.every((o) => o.state === 'paid')).toBe(true);
    const future = Math.floor(Date.now() / 1000) + 3600;
    const none = await api<{ items: Order[] }>('GET', `/api/v1/cabinet-orders?from=${future}`);
    expect(none.body.items).toEqual([]);
    const bad = await api('GET', '/api/v1/cabinet-orders?state=lost');
    expect(bad.status).toBe(400);
  });

  it('a door the machine refuses to open is cancelled at once with its reason', async () => {
    const r = await api<{ orderId: string; state: string }>('POST', '/api/v1/cabinet-orders', {
      machineId: cab.machineId,
      doorNo: 7,
      type: 'buy',
    });
    expect(r.body.state).toBe('cancelled');
    const o = await waitFor(r.body.orderId, () => true);
    expect(o.events[0]).toMatchObject({ action: 'OpenDoor', status: false });
  });
});

describe('callbacks', () => {
  it('are refused with a wrong or missing token, and kept once when duplicated', async () => {
    const id = await open();
    const done = await waitFor(id, settledStates);
    const truth = twinOrder(id);
    const wrong = await fetch(`${app.url}/api/saas/callback/${id}/not-the-token`, {
      method: 'POST',
      body: truth.callbacks[0]!.body,
    });
    expect(wrong.status).toBe(401);
    const missing = await fetch(`${app.url}/api/saas/callback/${id}`, {
      method: 'POST',
      body: truth.callbacks[0]!.body,
    });
    expect(missing.status).toBe(401);
    for (const c of truth.callbacks) {
      const r = await fetch(truth.notifyUrl, { method: 'POST', body: c.body });
      expect(r.status).toBe(200);
    }
    const after = await waitFor(id, () => true);
    expect(after.events.length).toBe(done.events.length);
    expect(after.state).toBe(done.state);
  });

  it('nested too deep or not UTF-8 are kept on the order, answered SUCCESS and put up for review, never a 503 (D62, D73)', async () => {
    const id = await open();
    await waitFor(id, settledStates);
    const { notifyUrl } = twinOrder(id);
    const head = `{"OrderId":"${id}","Action":"OrderSettlement","Status":true,"Data":`;
    const bodies: [Buffer, string][] = [
      [Buffer.from(`${head}${nested(10_000)}}`), 'BODY_TOO_COMPLEX'],
      [
        Buffer.concat([Buffer.from(`${head}`), brokenUtf8String(), Buffer.from('}')]),
        'INVALID_ENCODING',
      ],
    ];
    for (const [body, errorCode] of bodies) {
      const r = await fetch(notifyUrl, { method: 'POST', body: new Uint8Array(body) });
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ result: 'SUCCESS', unreadable: { errorCode } });
    }
    const after = await waitFor(id, () => true);
    expect(after).toMatchObject({ state: 'needs_review', reviewKind: 'unreadable' });
    expect(after.events.filter((e) => e.action === 'unreadable')).toHaveLength(2);
  });

  it('end right when they arrive out of order, in either naming', async () => {
    // The twin waits long before its own first callback, so only ours arrive.
    await saas.control('POST', 'knobs', { callbackDelayMs: 120_000 });
    const id = await open('buy', other);
    await saas.control('POST', 'knobs', { callbackDelayMs: 30 });
    const url = twinOrder(id).notifyUrl;
    const orderNo = twinOrder(id).orderNo;
    const goods = other.commodities.find((c) => c.doorNo === 0 && c.meterType === 1)!;
    const post = (body: unknown) =>
      fetch(url, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.status);
    expect(
      await post({
        orderId: id,
        orderNo,
        transeType: 0,
        action: 'CloseDoor',
        status: true,
        msg: 'closed',
        data: '',
      }),
    ).toBe(200);
    expect(
      await post({
        OrderId: id,
        OrderNo: orderNo,
        Action: 'OrderDetected',
        Status: 'True',
        Msg: 'ok',
        Data: JSON.stringify({
          TradeProcessMode: 0,
          TradeProductModels: [
            {
              Id: goods.commodityId,
              AlisName: goods.name,
              BuyCount: 3,
              MeterType: 1,
              Price: goods.priceMinor / 100,
            },
          ],
        }),
      }),
    ).toBe(200);
    expect(
      await post({ OrderId: id, OrderNo: orderNo, Action: 'OpenedDoor', Status: true, Data: '' }),
    ).toBe(200);
    const o = await waitFor(id, () => true);
    expect(o.state).toBe('recognised');
    expect(o.amount).toBe(3 * goods.priceMinor);
    expect(o.items[0]).toMatchObject({ id: goods.commodityId, count: 3, price: goods.priceMinor });
    await api('POST', `/api/v1/cabinet-orders/${id}/cancel`, {}).catch(() => undefined);
  });
});

describe('the SAAS token', () => {
  it('expiring mid-flow costs one new login, not a failed action', async () => {
    const id = await open();
    await waitFor(id, settledStates);
    saas.advance((TTL + 60) * 1000);
    const r = await api('POST', `/api/v1/cabinet-orders/${id}/payment`, { status: 'success' });
    expect(r.body).toMatchObject({ state: 'paid', reported: true });
    const next = await open();
    expect((await waitFor(next, settledStates)).state).toBe('recognised');
  });
});

describe('restock', () => {
  it('opens for restock, confirms the replenishment, and keeps the stock per commodity', async () => {
    const door = 0;
    const id = await open('restock', cab, door);
    const o = await waitFor(id, settledStates);
    expect(o.state).toBe('recognised');
    const lines = o.restock!.lines;
    expect(lines.length).toBeGreaterThan(0);
    const first = lines[0]!;
    const r = await api<{ state: string }>('POST', `/api/v1/cabinet-orders/${id}/restock-confirm`, {
      lines: lines.map((l, i) => ({
        commodityId: l.id,
        layerNo: l.layerNo,
        spotCount: 1,
        stockCount: i === 0 ? 7 : l.stockCount,
      })),
    });
    expect(r.body.state).toBe('settled');
    const slot = cab.slots.find((s) => s.doorNo === door && s.commodityId === first.id)!;
    expect(slot.stock).toBe(7);
    const c = await api<{ goods: { commodityId: string; doorNo: number; stock: number | null }[] }>(
      'GET',
      `/api/v1/cabinets/${cab.machineId}`,
    );
    expect(c.body.goods.find((g) => g.commodityId === first.id && g.doorNo === door)!.stock).toBe(
      7,
    );
  });
});

// Last: the random callbacks leave their order in any state.
describe('callbacks, random and mutated', () => {
  it('sent random and mutated: never a 5xx, always acknowledged with the token; what cannot be read is kept and changes no event (D62, D73)', async () => {
    // An order the twin is done with: only our callbacks reach it from here on.
    const id = await open('buy', cab);
    await waitFor(id, settledStates);
    const { notifyUrl } = twinOrder(id);
    const db = peek(app, { readonly: true });
    const events = async () =>
      JSON.stringify(
        await db.all(
          "select * from cabinet_order_events where order_id = ? and action <> 'unreadable' order by id",
          id,
        ),
      );
    const kept = async (body: string, kind: string) =>
      (await db.get<{ n: number }>(
        'select count(*) n from cabinet_order_events where order_id = ? and body = ? and kind = ?',
        id,
        body,
        kind,
      ))!.n;
    const world = { clientId: '', key: '', codes: [], orderId: id };
    try {
      await fc.assert(
        fc.asyncProperty(stepsFor(['callback'], world), async (steps) => {
          for (const step of steps) {
            const url = step.token === 'wrong' ? `${notifyUrl}x` : notifyUrl;
            const before = await events();
            const r = await fetch(url, {
              method: 'POST',
              body: typeof step.body === 'string' ? step.body : new Uint8Array(step.body),
            });
            const answer = (await r.json()) as { result: string };
            const text = decodeBody(step.body).text;
            expect(r.status, text.slice(0, 300)).toBeLessThan(500);
            if (r.status >= 400) expect(await events()).toBe(before);
            // With its token a callback is always acknowledged; what cannot be read is kept
            // as unreadable and changes no other event (D73).
            if (r.status !== 401) expect(answer.result).toBe('SUCCESS');
            if (answer.result === 'SUCCESS')
              expect(await kept(text, 'unreadable' in answer ? 'system' : 'callback')).toBe(1);
            if ('unreadable' in answer) expect(await events()).toBe(before);
          }
        }),
        { numRuns: 40 },
      );
    } finally {
      await db.close();
    }
  });
});
