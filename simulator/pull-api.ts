import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifySignature, type SignForm } from '@/lib/platforms/signing';
import type { Rng } from './rng';
import type { SmartVendingTwin } from './twin';
import { pullShapes } from './pull-shapes';
import { tomcatPage } from './tomcat';

export interface PullKnobs {
  /** Probability of a 5xx answer. */
  errorRate: number;
  /** Delay before answering, real ms. */
  slowMs: number;
  /** Probability of a truncated (malformed) JSON body. */
  malformedRate: number;
  /**
   * Probability of a refusal at HTTP 200: `{"result":"FAIL",…}`, or with `vendorQuirks`
   * `{"return_code":"FAIL ",…}` (the trailing space as the real platform once sent it).
   */
  failRate: number;
  /**
   * The signing forms our requests may take: `any` (default) accepts all four, as the app's
   * receivers do; one form refuses the others with SIGN_INVALID, as a platform that knows
   * only its own would (for the Settings connection test; D70).
   */
  acceptSignForm: 'any' | SignForm;
}

export const DEFAULT_PULL_KNOBS: PullKnobs = {
  errorRate: 0,
  slowMs: 0,
  malformedRate: 0,
  failRate: 0,
  acceptSignForm: 'any',
};

/** What the platform says when it refuses (our words). */
const BUSY = '系统繁忙，请稍后再试';

/** One request to the pull API, as the platform's access log would show it. */
export interface PullRequestLog {
  method: string;
  path: string;
  status: number;
}

type Params = Record<string, unknown>;
type Handler = (p: Params, page: { limit: number; cursor: number }) => unknown;

/**
 * The platform's pull API (seed 000 §3.2, §5.1, §6.1, §6.2, §8.2, §9.1, §9.2, §10, §11) at its
 * seed paths, answering from the same ledgers the twin pushed from. Every request is verified
 * like the platform verifies ours: the body's members and the query's limit/cursor, signed.
 * With `vendorQuirks` it answers as the real platform does (D72): every endpoint takes POST only
 * (a GET, §5.1's included, gets Tomcat's 405 page) and the envelopes differ (./pull-shapes).
 */
export function createPullApi(twin: SmartVendingTwin, rng: Rng) {
  const knobs: PullKnobs = { ...DEFAULT_PULL_KNOBS };
  const log: PullRequestLog[] = [];
  const shapes = pullShapes(twin);
  const quirks = twin.options.vendorQuirks === true;
  const routes: Record<string, { method: 'GET' | 'POST'; handler: Handler }> = {
    '/osapi/trade/list': { method: 'POST', handler: shapes.tradeList },
    '/osapi/trade/statistic': { method: 'GET', handler: shapes.statistic },
    '/osapi/router/status': { method: 'POST', handler: shapes.status },
    '/osapi/router/sales': { method: 'POST', handler: shapes.sales },
    '/osapi/refill/message': { method: 'POST', handler: shapes.refillMessages },
    '/osapi/router/lines': { method: 'POST', handler: shapes.lines },
    '/osapi/router/sites': { method: 'POST', handler: shapes.sites },
    '/osapi/code/create': { method: 'POST', handler: shapes.createCode },
    '/osapi/router/goods': { method: 'POST', handler: shapes.goods },
  };

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const route = routes[url.pathname];
    if (!route) return false;
    res.once('finish', () => {
      log.push({ method: req.method ?? '', path: url.pathname, status: res.statusCode });
      if (log.length > 2000) log.splice(0, log.length - 1000);
    });
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const fail = (status: number, errorCode: string, message: string) =>
      reply(status, { result: 'FAIL', errorCode, message });
    const method = quirks ? 'POST' : route.method;
    if (req.method !== method) {
      if (!quirks) fail(405, 'METHOD', `${url.pathname} takes ${route.method}`);
      else {
        res.writeHead(405, { 'content-type': 'text/html;charset=utf-8', allow: 'POST' });
        res.end(
          tomcatPage(405, 'Method Not Allowed', `Request method '${req.method}' not supported`),
        );
      }
      return true;
    }
    if (knobs.slowMs) await new Promise((r) => setTimeout(r, knobs.slowMs));
    if (rng.chance(knobs.errorRate)) {
      reply(rng.chance(0.5) ? 500 : 503, { result: 'FAIL', errorCode: 'SYSTEM_BUSY' });
      return true;
    }
    const query = Object.fromEntries(url.searchParams);
    const raw = method === 'POST' ? await readBody(req) : '{}';
    let body: Params;
    try {
      body = JSON.parse(raw || '{}') as Params;
    } catch {
      fail(400, 'INVALID_JSON', 'body is not valid JSON');
      return true;
    }
    const params: Params = { ...query, ...body };
    if (params.clientId !== twin.options.clientId) {
      fail(401, 'CLIENT_UNKNOWN', 'unknown clientId');
      return true;
    }
    const signedQuery = method === 'GET' ? withoutSign(query) : pick(query, ['limit', 'cursor']);
    const signed = verifySignature({
      body: method === 'GET' ? '{}' : raw,
      parsed: method === 'GET' ? { sign: query.sign } : body,
      query: signedQuery,
      secret: twin.options.key,
    });
    if (!signed || (knobs.acceptSignForm !== 'any' && signed.form !== knobs.acceptSignForm)) {
      fail(401, 'SIGN_INVALID', 'sign does not match');
      return true;
    }
    if (knobs.failRate > 0 && rng.chance(knobs.failRate)) {
      reply(
        200,
        quirks
          ? { return_code: 'FAIL ', return_msg: BUSY }
          : { result: 'FAIL', errorCode: 'SYSTEM_BUSY', message: BUSY },
      );
      return true;
    }
    const limit = Math.min(Math.max(Number(query.limit ?? 100) || 100, 1), 1000);
    const cursor = Math.max(Number(query.cursor ?? 0) || 0, 0);
    twin.tick();
    const result = route.handler(params, { limit, cursor });
    const text = JSON.stringify(result);
    reply(200, rng.chance(knobs.malformedRate) ? text.slice(0, Math.floor(text.length / 2)) : text);
    return true;
  }

  return { handle, knobs, log };
}

function withoutSign(q: Record<string, string>) {
  const { sign: _s, ...rest } = q;
  return rest;
}

function pick(q: Record<string, string>, keys: string[]) {
  return Object.fromEntries(keys.filter((k) => q[k] !== undefined).map((k) => [k, q[k]!]));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
