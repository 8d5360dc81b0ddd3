import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenStore } from './auth';
import { ApiError, envelope, failure, Fields, readObject, sendJson } from './http';
import { dec } from './money';
import type { OrderBook } from './orders';
import { idAsNumber, loginAnswer, quirkCommodity } from './quirks';
import type { Rng } from '../rng';
import { confirmRestock, reportPayment } from './reports';

export interface OpenApiContext {
  appId: string;
  key: string;
  secret: string;
  tokens: TokenStore;
  book: OrderBook;
  now: () => number;
  /** Answer as the platform's own code does (quirks.ts). */
  vendorQuirks: boolean;
  quirkRng: Rng;
}

interface Route {
  method: 'GET' | 'POST';
  path: RegExp;
  auth: boolean;
  run: (c: OpenApiContext, req: IncomingMessage, arg: string) => Promise<Answer> | Answer;
}

type Answer = { status: number; body: unknown };

const ok = (c: OpenApiContext, data: unknown): Answer => ({
  status: 200,
  body: envelope(c.now(), data),
});

const ROUTES: Route[] = [
  { method: 'POST', path: /^\/openapi\/login$/i, auth: false, run: login },
  { method: 'GET', path: /^\/openapi\/machine\/info\/([^/]+)$/i, auth: true, run: info },
  {
    method: 'GET',
    path: /^\/openapi\/machine\/commoditys\/([^/]+)$/i,
    auth: true,
    run: commodities,
  },
  { method: 'GET', path: /^\/openapi\/machine\/payconfig\/([^/]+)$/i, auth: true, run: payConfig },
  { method: 'POST', path: /^\/openapi\/order\/opendoor$/i, auth: true, run: openDoor },
  { method: 'POST', path: /^\/openapi\/repli\/opendoor$/i, auth: true, run: openDoor },
  {
    method: 'POST',
    path: /^\/openapi\/repli\/confirm$/i,
    auth: true,
    run: async (c, req) => confirmRestock(c.book, new Fields(await readObject(req))),
  },
  {
    method: 'POST',
    path: /^\/openapi\/order\/reportpaymentresult$/i,
    auth: true,
    run: async (c, req) => reportPayment(c.book, new Fields(await readObject(req))),
  },
];

/** Serves the SAAS OpenApi (002 §1–§10); false for any path it does not know. */
export async function handleOpenApi(
  c: OpenApiContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const pathname = new URL(req.url ?? '/', 'http://twin').pathname.replace(/\/+$/, '');
  const matching = ROUTES.map((r) => ({ r, m: r.path.exec(pathname) })).filter((x) => x.m);
  if (!matching.length) return false;
  const hit = matching.find((x) => x.r.method === req.method);
  try {
    if (!hit) throw new ApiError(405, `${req.method} is not allowed on ${pathname}`);
    if (hit.r.auth) {
      const refusal = c.tokens.refusal(req.headers.authorization);
      if (refusal) throw new ApiError(401, refusal);
    }
    const answer = await hit.r.run(c, req, decodeURIComponent(hit.m![1] ?? ''));
    sendJson(res, answer.status, answer.body);
  } catch (e) {
    const status = e instanceof ApiError ? e.status : 500;
    const message = e instanceof Error ? e.message : String(e);
    sendJson(res, status, failure(c.now(), status, message));
  }
  return true;
}

async function login(c: OpenApiContext, req: IncomingMessage): Promise<Answer> {
  const f = new Fields(await readObject(req));
  const [appId, key, secret] = [f.string('appID'), f.string('key'), f.string('secret')];
  if (appId !== c.appId || key !== c.key || secret !== c.secret) {
    throw new ApiError(401, 'Invalid appID, key or secret');
  }
  const body = loginAnswer(c.book.ctx.knobs.loginShape, c.quirkRng, c.tokens.issue(), c.now());
  return { status: 200, body };
}

/** An id as the vendor's code sends it: a JSON number with the quirks on. */
const id = (c: OpenApiContext, v: string) => (c.vendorQuirks ? idAsNumber(v) : v);

function info(c: OpenApiContext, _req: IncomingMessage, mid: string): Answer {
  const m = c.book.cabinet(mid);
  return ok(c, {
    machineId: id(c, m.machineId),
    machineName: m.name,
    signal: m.signal,
    temperature: m.temperature,
    runningState: m.runningState,
  });
}

function commodities(c: OpenApiContext, _req: IncomingMessage, mid: string): Answer {
  const list = c.book.cabinet(mid).commodities.map((x) => ({
    commodityId: x.commodityId,
    commodityName: x.name,
    commoditySKU: x.sku,
    weight: x.weight,
    price: dec(x.priceMinor),
    doorNo: x.doorNo,
    pictureUrl: x.pictureUrl,
  }));
  return ok(c, c.vendorQuirks ? list.map((x) => quirkCommodity(x, c.quirkRng)) : list);
}

function payConfig(c: OpenApiContext, _req: IncomingMessage, mid: string): Answer {
  const m = c.book.cabinet(mid);
  return ok(c, {
    machineId: id(c, m.machineId),
    preAuthorLimit: m.preAuthorLimit,
    currency: m.currency,
    qrCodeUrl: m.qrCodeUrl,
  });
}

/** §5 (TranseType 0 buy, 2 restock) and §6, which is the restock door with the same body. */
async function openDoor(c: OpenApiContext, req: IncomingMessage): Promise<Answer> {
  const f = new Fields(await readObject(req));
  const restockPath = /repli/i.test(req.url ?? '');
  const orderId = f.string('OrderId');
  const machineId = f.string('MachineId');
  const doorNo = f.int('DoorNo');
  const transeType = restockPath ? 2 : (f.int('TranseType', { oneOf: [0, 2] }) as 0 | 2);
  const notifyUrl = f.string('NotifyUrl');
  if (!/^https?:\/\/[^/\s]+/i.test(notifyUrl) || !URL.canParse(notifyUrl)) {
    throw new ApiError(400, 'The NotifyUrl field must be an absolute http(s) URL');
  }
  const data = c.book.openDoor({
    orderId,
    machineId,
    doorNo,
    transeType,
    customerDetails: f.optionalString('CustomerDetails') ?? '',
    remark: f.optionalString('Remark', 128) ?? '',
    timeSp: f.optionalInt('TimeSp') ?? null,
    notifyUrl,
  });
  return ok(c, c.vendorQuirks ? { ...data, Data: idAsNumber(data.Data) } : data);
}
