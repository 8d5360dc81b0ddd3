import 'server-only';
import pRetry from 'p-retry';
import type { z } from 'zod';
import { signBody, type SignMode } from '@/lib/platforms/signing';
import { newNonce } from '@/lib/platforms/nonce';
import { describeZodError } from '@/lib/ingest/push/schemas';
import { readAnswer } from './answer';
import { SmartVendingError } from './errors';
import { processMethods, type Method, type MethodMemory } from './methods';
import {
  createCodeSchema,
  goodsSchema,
  lineSchema,
  listOf,
  machineStatusSchema,
  nextPage,
  pageOf,
  pulledTradeSchema,
  refillMessagesSchema,
  salesSinceRefillSchema,
  siteSchema,
  statisticSchema,
  type Page,
  type PageAnswer,
} from './schemas';

export interface ClientOptions {
  baseUrl: string;
  clientId: string;
  key: string;
  signMode: SignMode;
  /** One attempt's limit (connect, answer and body), ms. */
  attemptTimeoutMs?: number;
  /** The whole call's limit, retries and waits included, ms. */
  totalTimeoutMs?: number;
  /** Retries after the first attempt (reads only). */
  retries?: number;
  /** First backoff; it doubles per retry up to maxBackoffMs, each times a random 1…2. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** Where the method each endpoint takes is remembered (default: in this process). */
  methods?: MethodMemory;
}

export interface PageRequest {
  limit: number;
  cursor: number;
}

/**
 * The seed's paths and methods. §10 creates codes: it is the one call never retried. The
 * method is where a call starts; a 405 moves it to POST (D72).
 */
export const ENDPOINTS = {
  tradeList: { path: '/osapi/trade/list', method: 'POST' },
  tradeStatistic: { path: '/osapi/trade/statistic', method: 'GET' },
  routerStatus: { path: '/osapi/router/status', method: 'POST' },
  routerSales: { path: '/osapi/router/sales', method: 'POST' },
  refillMessage: { path: '/osapi/refill/message', method: 'POST' },
  routerLines: { path: '/osapi/router/lines', method: 'POST' },
  routerSites: { path: '/osapi/router/sites', method: 'POST' },
  codeCreate: { path: '/osapi/code/create', method: 'POST', write: true },
  routerGoods: { path: '/osapi/router/goods', method: 'POST' },
} as const satisfies Record<string, { path: string; method: 'GET' | 'POST'; write?: boolean }>;
type Endpoint = (typeof ENDPOINTS)[keyof typeof ENDPOINTS];
const isWrite = (ep: Endpoint) => 'write' in ep;

type Params = Record<string, string | number | undefined>;

const defined = (p: Params) =>
  Object.fromEntries(
    Object.entries(p)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  );

/**
 * A typed client of the Smart Vending pull API: one function per endpoint, each request signed
 * per §12 (limit/cursor in the URL signed too), each answer validated. Reads are retried with
 * jittered exponential backoff on network errors, timeouts, 429 and 5xx, within a total time;
 * everything else fails at once with a SmartVendingError naming the endpoint and status. A call
 * answered 405 is asked again once with the other method (POST, with a JSON body and the query),
 * and the method that worked is remembered per endpoint (D72).
 */
export function createSmartVendingClient(o: ClientOptions) {
  const attemptMs = o.attemptTimeoutMs ?? 10_000;
  const totalMs = o.totalTimeoutMs ?? 60_000;
  const doFetch = o.fetch ?? fetch;
  const methods = o.methods ?? processMethods(o.baseUrl);

  async function attempt(
    ep: Endpoint,
    method: Method,
    params: Params,
    query: Params,
    total: AbortSignal,
  ) {
    const q = defined(query);
    let url: URL;
    let init: RequestInit;
    if (method === 'GET') {
      const all = defined({ ...params, ...query, clientId: o.clientId, nonce_str: newNonce() });
      const { sign } = JSON.parse(signBody(all, o.key, o.signMode)) as { sign: string };
      url = new URL(`${ep.path}?${new URLSearchParams({ ...all, sign })}`, o.baseUrl);
      init = { method: 'GET' };
    } else {
      const body = signBody(
        { clientId: o.clientId, nonce_str: newNonce(), ...defined(params) },
        o.key,
        o.signMode,
        q,
      );
      const qs = Object.keys(q).length ? `?${new URLSearchParams(q)}` : '';
      url = new URL(`${ep.path}${qs}`, o.baseUrl);
      init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
    }
    const signal = AbortSignal.any([AbortSignal.timeout(attemptMs), total]);
    let status: number | null = null;
    let text: string;
    let contentType: string | null = null;
    try {
      const res = await doFetch(url, { ...init, signal });
      status = res.status;
      contentType = res.headers.get('content-type');
      text = await res.text();
    } catch (e) {
      if (total.aborted) throw totalTimeout(ep, status);
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === 'TimeoutError' || signal.aborted)
        throw new SmartVendingError(
          ep.path,
          'timeout',
          status,
          `no answer within ${attemptMs} ms`,
          true,
        );
      const why = err.cause?.code ?? err.cause?.message ?? err.message;
      throw new SmartVendingError(ep.path, 'network', status, why, true);
    }
    return readAnswer(ep.path, { status, contentType, text, write: isWrite(ep) });
  }

  const totalTimeout = (ep: Endpoint, status: number | null) =>
    new SmartVendingError(ep.path, 'timeout', status, `no answer within ${totalMs} ms in all`);

  /** One method's attempts, retried per the policy above. */
  function tries(ep: Endpoint, method: Method, params: Params, query: Params, total: AbortSignal) {
    return pRetry(() => attempt(ep, method, params, query, total), {
      retries: isWrite(ep) ? 0 : (o.retries ?? 4),
      minTimeout: o.minBackoffMs ?? 250,
      maxTimeout: o.maxBackoffMs ?? 5_000,
      factor: 2,
      randomize: true,
      maxRetryTime: totalMs,
      signal: total,
      shouldRetry: ({ error }) => error instanceof SmartVendingError && error.retryable,
    });
  }

  /**
   * The endpoint's remembered method first (else the seed's). A 405 means the request was not
   * taken, so asking again is safe even for a write: with POST after a GET, or with the seed's
   * GET when a remembered POST is refused. What worked is remembered.
   */
  async function answer(ep: Endpoint, params: Params, query: Params, total: AbortSignal) {
    const first = (await methods.get(ep.path)) ?? ep.method;
    try {
      return await tries(ep, first, params, query, total);
    } catch (e) {
      const other: Method = first === 'GET' ? 'POST' : ep.method;
      if (!(e instanceof SmartVendingError && e.status === 405) || other === first) throw e;
      const json = await tries(ep, other, params, query, total);
      await methods.set(ep.path, other);
      return json;
    }
  }

  async function call<S extends z.ZodType>(
    ep: Endpoint,
    schema: S,
    params: Params = {},
    query: Params = {},
  ): Promise<z.output<S>> {
    const total = o.signal
      ? AbortSignal.any([AbortSignal.timeout(totalMs), o.signal])
      : AbortSignal.timeout(totalMs);
    let json: unknown;
    try {
      json = await answer(ep, params, query, total);
    } catch (e) {
      if (e instanceof SmartVendingError) throw e;
      if (total.aborted) throw totalTimeout(ep, null);
      throw new SmartVendingError(ep.path, 'network', null, (e as Error).message);
    }
    const result = schema.safeParse(json);
    if (!result.success)
      throw new SmartVendingError(ep.path, 'invalid', 200, describeZodError(result.error));
    return result.data;
  }

  async function paged<T extends z.ZodType>(
    ep: Endpoint,
    item: T,
    params: Params,
    page: PageRequest,
  ): Promise<Page<z.output<T>>> {
    return nextPage(
      page,
      (await call(ep, pageOf(item), params, { ...page })) as PageAnswer<z.output<T>>,
    );
  }

  /** The one item about `assetId` in an answer that may list several (§6.1's `{result, list}`). */
  async function about<S extends z.ZodType<{ assetId: string }>>(
    ep: Endpoint,
    schema: S,
    assetId: string,
    query: Params = {},
  ): Promise<z.output<S>> {
    const list = (await call(ep, listOf(schema), { assetId }, query)) as z.output<S>[];
    const found = list.find((x) => x.assetId === assetId);
    if (!found)
      throw new SmartVendingError(
        ep.path,
        'missing',
        200,
        `no item for machine ${assetId} (the answer listed ${list.length})`,
      );
    return found;
  }

  return {
    clientId: o.clientId,
    /** §3.2 trades, by machine, time window (payTime, inclusive) and payment method. */
    tradeList: (
      f: { assetId?: string; startTime?: number; endTime?: number; payStyle?: number },
      page: PageRequest,
    ) => paged(ENDPOINTS.tradeList, pulledTradeSchema, f, page),
    /** §5.1 sales statistics of some machines over a window (GET, every parameter signed). */
    tradeStatistic: (f: { assetIds: string[]; startTime: number; endTime: number }) =>
      call(ENDPOINTS.tradeStatistic, statisticSchema, {
        assetIds: f.assetIds.join(','),
        startTime: f.startTime,
        endTime: f.endTime,
      }),
    /** §6.1 a machine's live status (one object, or a list holding it). */
    routerStatus: (f: { assetId: string }) =>
      about(ENDPOINTS.routerStatus, machineStatusSchema, f.assetId, { limit: 1, cursor: 0 }),
    /** §6.2 a machine's sales per goods and shelf since its last refill. */
    routerSales: (f: { assetId: string }) =>
      about(ENDPOINTS.routerSales, salesSinceRefillSchema, f.assetId),
    /** §8.2 refill settlements whose push never got through. */
    refillMessage: async (f: {
      assetId?: string;
      siteNumber?: string;
      startTime?: number;
      endTime?: number;
    }) => call(ENDPOINTS.refillMessage, refillMessagesSchema, f),
    /** §9.1 lines. */
    routerLines: (f: { lineName?: string; areaName?: string }, page: PageRequest) =>
      paged(ENDPOINTS.routerLines, lineSchema, f, page),
    /** §9.2 machines with their sites. */
    routerSites: (f: { lineName?: string; areaName?: string }, page: PageRequest) =>
      paged(ENDPOINTS.routerSites, siteSchema, f, page),
    /** §10 a pickup code the platform issues (not retried: a retry could issue two). */
    codeCreate: async (f: {
      assetId?: string;
      productCode?: string;
      startTime?: number;
      endTime?: number;
    }) => (await call(ENDPOINTS.codeCreate, createCodeSchema, f)).code,
    /** §11 goods. */
    routerGoods: (page: PageRequest) => paged(ENDPOINTS.routerGoods, goodsSchema, {}, page),
  };
}

export type SmartVendingClient = Awaited<ReturnType<typeof createSmartVendingClient>>;
