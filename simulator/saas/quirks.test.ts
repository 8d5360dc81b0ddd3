import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSaasTwin, type SaasTwin } from './index';

/**
 * The twin with vendorQuirks (D73) sends what the real platform sends: this checks the raw
 * text on the wire, which is what the app has to read.
 */
const CREDS = { appId: 'app-q', key: 'key-q', secret: 'secret-q' };
const ZERO = {
  cancelRate: 0,
  processMode1Rate: 0,
  processMode2Rate: 0,
  recognitionFailureRate: 0,
  neverSettleRate: 0,
};

interface Running {
  twin: SaasTwin;
  base: string;
  notify: string;
  received: { path: string; raw: string }[];
  close: () => Promise<void>;
}
const running: Running[] = [];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function start(vendorQuirks: boolean): Promise<Running> {
  const twin = createSaasTwin({ seed: 5, ...CREDS, callbackDelayMs: 1, vendorQuirks });
  const received: Running['received'] = [];
  const api = createServer((req, res) => {
    const url = req.url ?? '/';
    const served = url.startsWith('/_sim/saas/')
      ? twin.handleControl(req, res, url.slice('/_sim/saas/'.length))
      : twin.handle(req, res);
    void served.then((ok) => ok || res.writeHead(404).end());
  });
  const receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += String(c)));
    req.on('end', () => {
      received.push({ path: req.url ?? '', raw });
      res.end('{"result":"SUCCESS"}');
    });
  });
  const base = await listen(api);
  const notify = await listen(receiver);
  const r: Running = {
    twin,
    base,
    notify,
    received,
    close: async () => {
      twin.stop();
      for (const s of [api, receiver]) {
        s.closeAllConnections();
        await new Promise((done) => s.close(done));
      }
    },
  };
  running.push(r);
  return r;
}

const post = async (r: Running, path: string, body: unknown, token?: string) => {
  const res = await fetch(r.base + path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
};

const loginText = async (r: Running) =>
  (await post(r, '/OpenApi/Login', { appID: CREDS.appId, key: CREDS.key, secret: CREDS.secret }))
    .text;

/** Opens `n` purchases, refunds and adjusts the recognised ones, and waits for every callback. */
async function shop(r: Running, n: number, knobs: Record<string, unknown> = {}) {
  await post(r, '/_sim/saas/knobs', { ...ZERO, ...knobs });
  await post(r, '/_sim/saas/knobs', { loginShape: 'documented' });
  const token = /"Token":"(\w+)"/.exec(await loginText(r))![1]!;
  const cab = r.twin.cabinets().find((c) => c.runningState === 1 && c.signal > 0)!;
  for (let i = 0; i < n; i++) {
    const orderId = `Q${i}-${r.received.length}`;
    const open = await post(
      r,
      '/OpenApi/Order/OpenDoor',
      {
        OrderId: orderId,
        MachineId: cab.machineId,
        DoorNo: 0,
        TranseType: 0,
        NotifyUrl: `${r.notify}/${orderId}`,
      },
      token,
    );
    expect(open.status).toBe(200);
    await r.twin.idle();
    const o = r.twin.orders().find((x) => x.orderId === orderId)!;
    if (o.billedMinor > 0) {
      await post(r, `/_sim/saas/orders/${orderId}/adjustment`, { amount: '1.00' });
      await post(r, `/_sim/saas/orders/${orderId}/refund`, { amount: '1.00' });
      await r.twin.idle();
    }
  }
}

let quirky: Running;
let plain: Running;
beforeAll(async () => {
  quirky = await start(true);
  plain = await start(false);
  await shop(quirky, 12, { omitRate: 0.5 });
  await shop(plain, 3);
});
afterAll(async () => {
  for (const r of running) await r.close();
});

const all = (r: Running) => r.received.map((x) => x.raw);
const some = (r: Running, re: RegExp) => all(r).some((raw) => re.test(raw));

describe('the SAAS twin with vendorQuirks', () => {
  it('leaves out optional members at random, and Data of door events', () => {
    const raw = all(quirky);
    expect(raw.length).toBeGreaterThan(30);
    for (const name of ['Msg', 'OrderNo', 'CustomerDetails']) {
      const has = raw.filter((x) => new RegExp(`"${name}"`, 'i').test(x)).length;
      expect(has, name).toBeGreaterThan(0);
      expect(has, name).toBeLessThan(raw.length);
    }
    const doors = raw.filter((x) => /"action":"(OpenedDoor|ClosedDoor|CloseDoor)"/i.test(x));
    expect(doors.some((x) => !/"data"/i.test(x))).toBe(true);
    expect(doors.some((x) => /"data":""/i.test(x))).toBe(true);
    expect(doors.some((x) => /"data":"Door (opened|closed)"/i.test(x))).toBe(true);
  });

  it('sends order events’ Data as an object and as JSON text', () => {
    const detected = all(quirky).filter((x) => /"action":"OrderDetected"/i.test(x));
    expect(detected.some((x) => /"data":\{/i.test(x))).toBe(true);
    expect(detected.some((x) => /"data":"\{/i.test(x))).toBe(true);
  });

  it('spells the refund number "Refund Order No", alternates price and Price, sends ids as numbers', () => {
    expect(some(quirky, /Refund Order No\\?":\d{18}/)).toBe(true);
    expect(some(quirky, /"orderNo":\d{18}[,}]/i)).toBe(true);
    expect(some(quirky, /\\?"Id\\?":\d{16}[,}]/i)).toBe(true);
    expect(some(quirky, /\\?"price\\?":\d+\.\d\d/)).toBe(true);
    expect(some(quirky, /\\?"Price\\?":\d+\.\d\d/)).toBe(true);
  });

  it('stamps each callback with the time in milliseconds', () => {
    for (const raw of all(quirky)) {
      const ms = Number(/"timestamp":(\d+)/i.exec(raw)?.[1]);
      expect(Math.abs(ms - Date.now())).toBeLessThan(120_000);
    }
  });

  it('can send an order event without its Data', async () => {
    const before = quirky.received.length;
    await shop(quirky, 1, { dataMissingRate: 1, omitRate: 0 });
    const detected = quirky.received
      .slice(before)
      .map((x) => x.raw)
      .filter((x) => /"action":"OrderDetected"/i.test(x));
    expect(detected).toHaveLength(1);
    expect(detected[0]).not.toMatch(/"data"/i);
  });

  it('answers login in the shape a knob chooses, one of the undocumented ones by default', async () => {
    expect(quirky.twin.knobs().loginShape).toBe('documented');
    await post(quirky, '/_sim/saas/knobs', { loginShape: 'code' });
    expect(await loginText(quirky)).toMatch(
      /^\{"Code":200,"Data":\{"Token":"\w+","ExpiresIn":7200\}\}$/,
    );
    await post(quirky, '/_sim/saas/knobs', { loginShape: 'lower' });
    expect(await loginText(quirky)).toMatch(
      /"data":\{"token":"\w+","expiresIn":7200\},"succeeded":true/,
    );
    const fresh = createSaasTwin({ seed: 1, ...CREDS, vendorQuirks: true });
    expect(fresh.knobs().loginShape).toBe('other');
    expect((await post(quirky, '/_sim/saas/knobs', { loginShape: 'square' })).status).toBe(400);
  });
});

describe('the SAAS twin without them', () => {
  it('keeps seed 002’s shapes', async () => {
    const raw = all(plain);
    expect(raw.length).toBeGreaterThan(5);
    expect(some(plain, /timestamp/i)).toBe(false);
    expect(some(plain, /Refund Order No/)).toBe(false);
    expect(some(plain, /"orderNo":\d/i)).toBe(false);
    expect(raw.every((x) => /"msg"/i.test(x) && /"orderNo"/i.test(x))).toBe(true);
    expect(await loginText(plain)).toMatch(/"data":\{"Token":"\w+","ExpiresIn":7200\}/);
  });
});
