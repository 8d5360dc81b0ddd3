import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, readText, sendJson } from './http';
import { adjust, refundOrder, settle } from './merchant';
import { dec, parseAmount } from './money';
import type { OrderBook } from './orders';
import type { SaasCabinet, SaasKnobs, SaasOrder } from './types';

const LOGIN_SHAPES = ['documented', 'code', 'lower', 'other'] as const;

const RATES = [
  'cancelRate',
  'processMode1Rate',
  'processMode2Rate',
  'recognitionFailureRate',
  'neverSettleRate',
] as const;

/**
 * The twin's own JSON API under /_sim/saas/: what happened (orders with every callback
 * attempt, cabinets with stock), the knobs, and the merchant's back-office actions.
 */
export async function handleControl(
  book: OrderBook,
  req: IncomingMessage,
  res: ServerResponse,
  subpath: string,
): Promise<boolean> {
  const path = subpath.split('?')[0]!.replace(/^\/+|\/+$/g, '');
  const method = req.method ?? 'GET';
  const action = /^orders\/([^/]+)\/(settlement|adjustment|refund)$/.exec(path);
  const known = ['orders', 'cabinets', 'knobs'].includes(path) || action;
  if (!known) return false;
  try {
    if (method === 'GET' && path === 'orders') {
      sendJson(res, 200, { orders: [...book.byId.values()].map(orderView) });
    } else if (method === 'GET' && path === 'cabinets') {
      sendJson(res, 200, { cabinets: [...book.ctx.cabinets.values()].map(cabinetView) });
    } else if (method === 'GET' && path === 'knobs') {
      sendJson(res, 200, { knobs: book.ctx.knobs });
    } else if (method === 'POST' && path === 'knobs') {
      setKnobs(book.ctx.knobs, await readBody(req));
      sendJson(res, 200, { knobs: book.ctx.knobs });
    } else if (method === 'POST' && action) {
      const orderId = decodeURIComponent(action[1]!);
      const body = await readBody(req);
      const result =
        action[2] === 'settlement'
          ? settle(book, orderId)
          : action[2] === 'adjustment'
            ? adjust(book, orderId, amount(body))
            : refundOrder(book, orderId, amount(body), String(body.remark ?? ''));
      sendJson(res, 202, result);
    } else {
      throw new ApiError(405, `${method} is not allowed on ${path}`);
    }
  } catch (e) {
    const status = e instanceof ApiError ? e.status : 500;
    sendJson(res, status, { error: e instanceof Error ? e.message : String(e) });
  }
  return true;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readText(req);
  if (!text.trim()) return {};
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new ApiError(400, 'The body must be a JSON object');
}

function setKnobs(knobs: SaasKnobs, body: Record<string, unknown>) {
  const next = { ...knobs };
  for (const name of RATES) {
    const v = body[name];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new ApiError(400, `${name} must be a probability between 0 and 1`);
    }
    next[name] = v;
  }
  for (const name of ['omitRate', 'dataMissingRate'] as const) {
    const v = body[name];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new ApiError(400, `${name} must be a probability between 0 and 1`);
    }
    next[name] = v;
  }
  const shape = body.loginShape;
  if (shape !== undefined) {
    if (!LOGIN_SHAPES.includes(shape as never)) {
      throw new ApiError(400, `loginShape must be one of ${LOGIN_SHAPES.join(', ')}`);
    }
    next.loginShape = shape as SaasKnobs['loginShape'];
  }
  const delay = body.callbackDelayMs;
  if (delay !== undefined) {
    if (typeof delay !== 'number' || !(delay >= 0 && delay <= 600_000)) {
      throw new ApiError(400, 'callbackDelayMs must be a number of milliseconds (0..600000)');
    }
    next.callbackDelayMs = delay;
  }
  Object.assign(knobs, next);
}

function amount(body: Record<string, unknown>): number {
  const minor = parseAmount(body.amount);
  if (minor === undefined) {
    throw new ApiError(400, 'amount must be a decimal with at most two places, e.g. 3.50');
  }
  return minor;
}

function orderView(o: SaasOrder) {
  return {
    ...o,
    total: dec(o.totalMinor),
    billed: dec(o.billedMinor),
    refunded: dec(o.refundedMinor),
    taken: o.taken.map((l) => ({ ...l, price: dec(l.priceMinor), amount: dec(l.amountMinor) })),
  };
}

function cabinetView(c: SaasCabinet) {
  return { ...c, commodities: c.commodities.map((x) => ({ ...x, price: dec(x.priceMinor) })) };
}
