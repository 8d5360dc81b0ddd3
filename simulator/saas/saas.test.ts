import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { createSaasTwin, type SaasTwin } from './index';

/** What the app's receiver got: the parsed body of each callback, by NotifyUrl path. */
interface Received {
  path: string;
  body: Record<string, unknown>;
  raw: string;
}

const CREDS = { appId: 'app-1', key: 'key-1', secret: 'secret-1' };
let clockOffset = 0;
const now = () => Date.now() + clockOffset;

let twin: SaasTwin;
let api: Server;
let receiver: Server;
let base = '';
let notifyBase = '';
const received: Received[] = [];
/** Paths whose receiver answers 500 this many more times. */
const failures = new Map<string, number>();

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  twin = createSaasTwin({ seed: 42, ...CREDS, callbackDelayMs: 5, tokenTtlSeconds: 60, now });
  api = createServer((req, res) => {
    const url = req.url ?? '/';
    const served = url.startsWith('/_sim/saas/')
      ? twin.handleControl(req, res, url.slice('/_sim/saas/'.length))
      : twin.handle(req, res);
    void served.then((ok) => {
      if (!ok) res.writeHead(404).end();
    });
  });
  receiver = createServer((req, res) => {
    void body(req).then((raw) => {
      const path = req.url ?? '/';
      const left = failures.get(path) ?? 0;
      if (left > 0) {
        failures.set(path, left - 1);
        res.writeHead(500).end('boom');
        return;
      }
      received.push({ path, raw, body: JSON.parse(raw) as Record<string, unknown> });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  base = await listen(api);
  notifyBase = await listen(receiver);
});

afterAll(async () => {
  twin.stop();
  for (const s of [api, receiver]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function call(method: string, path: string, payload?: unknown, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(base + path, {
    method,
    headers,
    body:
      payload === undefined
        ? undefined
        : typeof payload === 'string'
          ? payload
          : JSON.stringify(payload),
  });
  const text = await r.text();
  return { status: r.status, text, json: (text ? JSON.parse(text) : null) as unknown };
}

async function login(): Promise<string> {
  const r = await call('POST', '/OpenApi/Login', {
    appID: CREDS.appId,
    key: CREDS.key,
    secret: CREDS.secret,
  });
  expect(r.status).toBe(200);
  return get(r.json, 'data', 'Token') as string;
}

/** Reads a member (or a path of them) whatever its case, as the app must. */
function get(obj: unknown, ...path: (string | number)[]): unknown {
  let v = obj;
  for (const name of path) {
    if (!v || typeof v !== 'object') return undefined;
    const key = Object.keys(v).find((k) => k.toLowerCase() === String(name).toLowerCase());
    v = key === undefined ? undefined : (v as Record<string, unknown>)[key];
  }
  return v;
}

const callbacks = (path: string) => received.filter((r) => r.path === path);
const actions = (path: string) => callbacks(path).map((r) => get(r.body, 'Action') as string);

function healthyCabinet() {
  const c = twin
    .cabinets()
    .find(
      (x) =>
        x.runningState === 1 && x.signal > 0 && x.slots.some((s) => s.doorNo === 0 && s.stock > 0),
    );
  if (!c) throw new Error('seed 42 has no healthy cabinet');
  return c;
}

const ZERO = {
  cancelRate: 0,
  processMode1Rate: 0,
  processMode2Rate: 0,
  recognitionFailureRate: 0,
  neverSettleRate: 0,
};
let orderSeq = 0;

/** Opens door 0 of a healthy cabinet with the given knobs and waits for every callback. */
async function runOrder(
  knobs: Record<string, number>,
  transeType: 0 | 2 = 0,
  machineId = healthyCabinet().machineId,
) {
  expect((await call('POST', '/_sim/saas/knobs', { ...ZERO, ...knobs })).status).toBe(200);
  const token = await login();
  const orderId = `T${++orderSeq}`;
  const path = `/notify/${orderId}`;
  const r = await call(
    'POST',
    '/OpenApi/Order/OpenDoor',
    {
      orderId,
      machineId,
      doorNo: 0,
      transeType: transeType,
      customerDetails: 'user-7',
      timeSp: Math.floor(Date.now() / 1000),
      NotifyUrl: notifyBase + path,
    },
    token,
  );
  expect(r.status).toBe(200);
  await twin.idle();
  return {
    orderId,
    path,
    token,
    immediate: get(r.json, 'data'),
    order: twin.orders().find((o) => o.orderId === orderId)!,
  };
}

/** Minor units of a product line: pieces x price, or grams x price per kg, half up. */
function lineMinor(line: unknown): number {
  const price = Math.round(Number(get(line, 'Price')) * 100);
  const count = Number(get(line, 'BuyCount'));
  return get(line, 'MeterType') === 2 ? Math.floor((count * price + 500) / 1000) : count * price;
}

describe('fleet', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = createSaasTwin({ seed: 7, ...CREDS }).cabinets();
    const b = createSaasTwin({ seed: 7, ...CREDS }).cabinets();
    const c = createSaasTwin({ seed: 8, ...CREDS }).cabinets();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toHaveLength(6);
    for (const cab of a) {
      expect(cab.machineId).toMatch(/^\d{10}$/);
      expect(cab.signal).toBeGreaterThanOrEqual(0);
      expect(cab.signal).toBeLessThanOrEqual(5);
      expect(['CNY', 'USD']).toContain(cab.currency);
      for (const x of cab.commodities) expect(x.commodityId).toMatch(/^\d{16}$/);
      expect(cab.slots.length).toBeGreaterThan(0);
    }
  });
});

describe('login and tokens', () => {
  it('refuses a wrong secret and names a missing field', async () => {
    const bad = await call('POST', '/OpenApi/Login', {
      appID: CREDS.appId,
      key: CREDS.key,
      secret: 'nope',
    });
    expect(bad.status).toBe(401);
    expect(bad.json).toMatchObject({ statusCode: 401, succeeded: false, data: null });
    const missing = await call('POST', '/OpenApi/Login', { AppID: CREDS.appId, Key: CREDS.key });
    expect(missing.status).toBe(400);
    expect(get(missing.json, 'errors')).toContain('secret');
    expect((await call('POST', '/OpenApi/Login', '{not json')).status).toBe(400);
  });

  it('issues a token that works until its TTL, then gets 401', async () => {
    const r = await call('POST', '/OpenApi/Login', {
      AppID: CREDS.appId,
      Key: CREDS.key,
      Secret: CREDS.secret,
    });
    expect(get(r.json, 'data')).toMatchObject({ ExpiresIn: 60 });
    const token = get(r.json, 'data', 'Token') as string;
    const mid = healthyCabinet().machineId;
    expect((await call('GET', `/OpenApi/Machine/Info/${mid}`, undefined, token)).status).toBe(200);
    expect((await call('GET', `/OpenApi/Machine/Info/${mid}`)).status).toBe(401);
    expect((await call('GET', `/OpenApi/Machine/Info/${mid}`, undefined, 'forged')).status).toBe(
      401,
    );
    clockOffset += 61_000;
    const expired = await call('GET', `/OpenApi/Machine/Info/${mid}`, undefined, token);
    expect(expired.status).toBe(401);
    expect(expired.json).toMatchObject({ statusCode: 401, succeeded: false });
    expect(
      (await call('GET', `/OpenApi/Machine/Info/${mid}`, undefined, await login())).status,
    ).toBe(200);
  });
});

describe('machine queries', () => {
  it('answers Info, Commoditys and PayConfig in the envelope', async () => {
    const token = await login();
    const cab = healthyCabinet();
    const info = await call('GET', `/OpenApi/Machine/Info/${cab.machineId}`, undefined, token);
    expect(info.json).toMatchObject({
      statusCode: 200,
      succeeded: true,
      errors: null,
      extras: null,
    });
    expect(typeof get(info.json, 'timestamp')).toBe('number');
    expect(get(info.json, 'data')).toEqual({
      machineId: cab.machineId,
      machineName: cab.name,
      signal: cab.signal,
      temperature: cab.temperature,
      runningState: 1,
    });
    const goods = await call(
      'GET',
      `/openapi/machine/commoditys/${cab.machineId}`,
      undefined,
      token,
    );
    expect(get(goods.json, 'data')).toHaveLength(cab.commodities.length);
    expect(Object.keys(get(goods.json, 'data', 0) as object).sort()).toEqual(
      [
        'commodityId',
        'commodityName',
        'commoditySKU',
        'doorNo',
        'pictureUrl',
        'price',
        'weight',
      ].sort(),
    );
    expect(goods.text).toMatch(/"price":\d+\.\d{2}[,}]/);
    const pay = await call('GET', `/OpenApi/Machine/PayConfig/${cab.machineId}`, undefined, token);
    expect(get(pay.json, 'data')).toMatchObject({
      machineId: cab.machineId,
      currency: cab.currency,
    });
    expect(typeof get(pay.json, 'data', 'preAuthorLimit')).toBe('string');
    const unknown = await call('GET', '/OpenApi/Machine/Info/0000000000', undefined, token);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ statusCode: 404, succeeded: false });
    expect((await call('GET', '/OpenApi/Nothing', undefined, token)).status).toBe(404);
  });

  it('refuses an OpenDoor body without a required field, naming it', async () => {
    const token = await login();
    const machineId = healthyCabinet().machineId;
    const r = await call(
      'POST',
      '/OpenApi/Order/OpenDoor',
      { OrderId: 'X1', MachineId: machineId, DoorNo: 0, TranseType: 0 },
      token,
    );
    expect(r.status).toBe(400);
    expect(get(r.json, 'errors')).toContain('NotifyUrl');
    const bad = await call(
      'POST',
      '/OpenApi/Order/OpenDoor',
      {
        OrderId: 'X1',
        MachineId: machineId,
        DoorNo: 0,
        TranseType: 1,
        NotifyUrl: `${notifyBase}/x`,
      },
      token,
    );
    expect(get(bad.json, 'errors')).toContain('TranseType');
  });
});

describe('a purchase', () => {
  it('calls back OpenedDoor, ClosedDoor|CloseDoor, OrderDetected with consistent amounts', async () => {
    const cab = healthyCabinet();
    const stockBefore = cab.slots.map((s) => ({ ...s }));
    const { path, immediate, order } = await runOrder({});
    expect(immediate).toMatchObject({ Action: 'PreOpenDoor', Status: true, TranseType: 0 });
    const seen = actions(path);
    expect(seen).toHaveLength(3);
    expect(seen[0]).toBe('OpenedDoor');
    expect(['ClosedDoor', 'CloseDoor']).toContain(seen[1]);
    expect(seen[2]).toBe('OrderDetected');
    const detected = callbacks(path)[2]!.body;
    expect(get(detected, 'OrderNo')).toBe(order.orderNo);
    expect(get(detected, 'Status')).toBe(true);
    const data = get(detected, 'Data');
    expect(get(data, 'TradeProcessMode')).toBe(0);
    const lines = get(data, 'TradeProductModels') as unknown[];
    expect(lines.length).toBeGreaterThan(0);
    const total = lines.reduce<number>((s, l) => s + lineMinor(l), 0);
    expect(total).toBe(order.totalMinor);
    expect(order.billedMinor).toBe(order.totalMinor);
    for (const t of order.taken) {
      const before = stockBefore.find(
        (s) => s.layerNo === t.layerNo && s.commodityId === t.commodityId && s.doorNo === 0,
      )!;
      const after = cab.slots.find(
        (s) => s.layerNo === t.layerNo && s.commodityId === t.commodityId && s.doorNo === 0,
      )!;
      expect(after.stock).toBe(before.stock - t.pieces);
    }
  });

  it('bills weight-priced goods by grams at the per-kilogram price', async () => {
    const gravity = twin
      .cabinets()
      .find(
        (c) =>
          c.runningState === 1 &&
          c.signal > 0 &&
          c.commodities.some((x) => x.meterType === 2 && x.doorNo === 0),
      )!;
    let weighed: unknown;
    for (let i = 0; i < 25 && !weighed; i++) {
      const { path, order } = await runOrder({}, 0, gravity.machineId);
      const detected = callbacks(path).find((r) => get(r.body, 'Action') === 'OrderDetected')!;
      const lines = get(get(detected.body, 'Data'), 'TradeProductModels') as unknown[];
      expect(lines.reduce<number>((s, l) => s + lineMinor(l), 0)).toBe(order.totalMinor);
      weighed = lines.find((l) => get(l, 'MeterType') === 2);
      const truth = order.taken.find((t) => t.meterType === 2);
      if (weighed) expect(get(weighed, 'BuyCount')).toBe(truth!.grams);
    }
    expect(weighed).toBeDefined();
    const listed = gravity.commodities.find((x) => x.commodityId === get(weighed, 'Id'))!;
    expect(listed.weight).toBe(1000);
  });

  it('sends Cancel when the door fails (cancelRate 1) and never OrderDetected', async () => {
    const { path, order } = await runOrder({ cancelRate: 1 });
    expect(actions(path)).toContain('Cancel');
    expect(actions(path)).not.toContain('OrderDetected');
    expect(order.state).toBe('cancelled');
  });

  it('leaves the order to the merchant (processMode2Rate 1), who can settle it', async () => {
    const { path, orderId, order } = await runOrder({ processMode2Rate: 1 });
    const detected = callbacks(path).find((r) => get(r.body, 'Action') === 'OrderDetected')!;
    expect(get(get(detected.body, 'Data'), 'TradeProcessMode')).toBe(2);
    expect((await call('POST', `/_sim/saas/orders/${orderId}/settlement`, {})).status).toBe(202);
    await twin.idle();
    const settled = callbacks(path).at(-1)!.body;
    expect(get(settled, 'Action')).toBe('OrderSettlement');
    const lines = get(get(settled, 'Data'), 'TradeProductModels') as unknown[];
    expect(lines.reduce<number>((s, l) => s + lineMinor(l), 0)).toBe(order.totalMinor);
  });

  it('never sends OrderDetected for a stuck order (neverSettleRate 1)', async () => {
    const { path, order } = await runOrder({ neverSettleRate: 1 });
    expect(actions(path)).toHaveLength(2);
    expect(actions(path)).not.toContain('OrderDetected');
    expect(order.state).toBe('closed');
  });
});

describe('merchant actions and payment reports', () => {
  it('sends adjustment and refund callbacks and records ReportPaymentResult', async () => {
    const { path, orderId, token, order } = await runOrder({});
    const adj = await call('POST', `/_sim/saas/orders/${orderId}/adjustment`, { amount: '1.50' });
    expect(adj.status).toBe(202);
    const ref = await call('POST', `/_sim/saas/orders/${orderId}/refund`, { amount: 1 });
    expect(ref.status).toBe(202);
    expect(
      (await call('POST', `/_sim/saas/orders/${orderId}/refund`, { amount: 99999 })).status,
    ).toBe(409);
    await twin.idle();
    const [adjCb, refCb] = callbacks(path)
      .slice(-2)
      .map((r) => r.body);
    expect(get(adjCb, 'Action')).toBe('OrderAdjustment');
    const adjData = get(adjCb, 'Data');
    expect(get(adjData, 'OrderNo')).toBe(get(adj.json, 'orderNo'));
    expect(
      (get(adjData, 'OrderProducts') as unknown[]).reduce<number>((s, l) => s + lineMinor(l), 0),
    ).toBe(150);
    expect(get(refCb, 'Action')).toBe('OrderRefund');
    expect(get(get(refCb, 'Data'), 'RefundOrderNo')).toBe(get(ref.json, 'refundOrderNo'));

    const report = (b: Record<string, unknown>) =>
      call('POST', '/OpenApi/Order/ReportPaymentResult', b, token);
    const paid = await report({
      OrderId: orderId,
      OrderNo: order.orderNo,
      PayType: 0,
      PayStatus: 1,
      ErrorMessage: '',
    });
    expect(paid.json).toEqual({
      OrderId: orderId,
      Status: true,
      Message: 'Order processed successfully',
    });
    await report({
      orderId,
      orderNo: get(adj.json, 'orderNo'),
      payType: 1,
      payStatus: 2,
      errorMessage: 'card declined',
    });
    await report({
      OrderId: 'RF-1',
      OrderNo: get(ref.json, 'refundOrderNo'),
      PayType: 2,
      PayStatus: 1,
    });
    const unknown = await report({ OrderId: orderId, OrderNo: '1', PayType: 0, PayStatus: 1 });
    expect(get(unknown.json, 'Status')).toBe(false);
    expect(order.payments.map((p) => [p.payType, p.payStatus, p.errorMessage])).toEqual([
      [0, 1, ''],
      [1, 2, 'card declined'],
      [2, 1, ''],
    ]);
    const listed = await call('GET', '/_sim/saas/orders');
    const view = (
      get(listed.json, 'orders') as { orderId: string; payments: unknown[]; callbacks: unknown[] }[]
    ).find((o) => o.orderId === orderId)!;
    expect(view.payments).toHaveLength(3);
    expect(view.callbacks.length).toBe(5);
  });
});

describe('restock', () => {
  it('reports what was put in and updates stock on Repli/Confirm', async () => {
    const { path, token, order } = await runOrder({}, 2);
    const detected = callbacks(path).find((r) => get(r.body, 'Action') === 'OrderDetected')!;
    const data = get(detected.body, 'Data');
    const lines = get(data, 'TradeProductModels') as unknown[];
    const confirm = {
      Mid: order.machineId,
      TransId: get(data, 'TransId'),
      TrackingId: get(data, 'TrackingId'),
      DoorNo: 0,
      Data: lines.map((l) => ({
        CommodityId: get(l, 'Id'),
        LayerNo: get(l, 'LayerNo'),
        SpotCount: get(l, 'SpotCount'),
        StockCount: get(l, 'StockCount'),
        Sno: get(l, 'Sno'),
      })),
    };
    const r = await call('POST', '/OpenApi/Repli/Confirm', confirm, token);
    expect(r.json).toMatchObject({
      Success: true,
      TrackingId: confirm.TrackingId,
      TransId: confirm.TransId,
    });
    const cab = healthyCabinet();
    for (const l of confirm.Data) {
      const slot = cab.slots.find(
        (s) => s.doorNo === 0 && s.layerNo === l.LayerNo && s.commodityId === l.CommodityId,
      )!;
      expect(slot.stock).toBe(l.StockCount);
    }
    const wrong = await call(
      'POST',
      '/OpenApi/Repli/Confirm',
      { ...confirm, TrackingId: 'nope' },
      token,
    );
    expect(get(wrong.json, 'Success')).toBe(false);
    const missing = await call(
      'POST',
      '/OpenApi/Repli/Confirm',
      { ...confirm, Data: [{ CommodityId: 'x' }] },
      token,
    );
    expect(missing.status).toBe(400);
    expect(get(missing.json, 'errors')).toContain('Data[0].LayerNo');
  });
});

describe('callback delivery', () => {
  it('retries a receiver answering 500 and keeps every attempt in the ledger', async () => {
    failures.set(`/notify/T${orderSeq + 1}`, 1_000);
    const { order } = await runOrder({ cancelRate: 1 });
    const cancel = order.callbacks.at(-1)!;
    expect(cancel.state).toBe('failed');
    expect(cancel.attempts.map((a) => a.status)).toEqual([500, 500, 500]);

    failures.set(`/notify/T${orderSeq + 1}`, 1);
    const { order: flaky, path } = await runOrder({});
    expect(flaky.callbacks[0]!.attempts.map((a) => a.status)).toEqual([500, 200]);
    expect(actions(path)).toEqual([
      'OpenedDoor',
      expect.stringMatching(/^Close[d]?Door$/),
      'OrderDetected',
    ]);
  });

  it('sends both PascalCase and camelCase callbacks over a run', () => {
    const namings = new Set(twin.orders().flatMap((o) => o.callbacks.map((c) => c.naming)));
    expect(namings).toEqual(new Set(['PascalCase', 'camelCase']));
  });
});
