import pRetry from 'p-retry';
import type { z } from 'zod';
import { signBody, type SignMode } from '@/lib/signing';
import { newNonce } from '@/lib/nonce';
import { describeZodError } from '@/lib/notify/schemas';
import { SmartVendingError } from './errors';
import {
  createCodeSchema,
  goodsSchema,
  lineSchema,
  machineStatusSchema,
  pageOf,
  pulledTradeSchema,
  refillMessagesSchema,
  salesSinceRefillSchema,
  siteSchema,
  statisticSchema,
  type Page,
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
}

export interface PageRequest {
  limit: number;
  cursor: number;
}

/** The seed's paths and methods. §10 creates codes: it is the one call never retried. */
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

type Params = Record<string, string | number | undefined>;

const defined = (p: Params) =>
  Object.fromEntries(
    Object.entries(p)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  );

function describe(json: unknown): string {
  if (json && typeof json === 'object') {
    const j = json as Record<string, unknown>;
    const parts = [j.errorCode, j.message ?? j.errorMsg].filter((x) => x !== undefined);
    if (parts.length) return parts.map(String).join(' ');
  }
  return 'no detail';
}

/**
 * A typed client of the Smart Vending pull API: one function per endpoint, each request signed
 * per §12 (limit/cursor in the URL signed too), each answer validated. Reads are retried with
 * jittered exponential backoff on network errors, timeouts, 429 and 5xx, within a total time;
 * everything else fails at once with a SmartVendingError naming the endpoint and status.
 */
export function createSmartVendingClient(o: ClientOptions) {
  const attemptMs = o.attemptTimeoutMs ?? 10_000;
  const totalMs = o.totalTimeoutMs ?? 60_000;
  const doFetch = o.fetch ?? fetch;

  async function attempt(ep: Endpoint, params: Params, query: Params, total: AbortSignal) {
    const q = defined(query);
    let url: URL;
    let init: RequestInit;
    if (ep.method === 'GET') {
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
    try {
      const res = await doFetch(url, { ...init, signal });
      status = res.status;
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
    let json: unknown;
    let parsed = true;
    try {
      json = JSON.parse(text);
    } catch {
      parsed = false;
    }
    if (status === 429 || status >= 500) {
      const retry = !('write' in ep);
      throw new SmartVendingError(
        ep.path,
        'http',
        status,
        parsed ? describe(json) : 'no detail',
        retry,
      );
    }
    if (status < 200 || status >= 300)
      throw new SmartVendingError(
        ep.path,
        'http',
        status,
        parsed ? describe(json) : text.slice(0, 200),
      );
    if (!parsed) {
      const why = text.length
        ? `the body is not JSON (${text.length} bytes, cut short?)`
        : 'empty body';
      throw new SmartVendingError(ep.path, 'malformed', status, why);
    }
    if (json && typeof json === 'object' && (json as { result?: unknown }).result === 'FAIL')
      throw new SmartVendingError(ep.path, 'refused', status, describe(json));
    return json;
  }

  const totalTimeout = (ep: Endpoint, status: number | null) =>
    new SmartVendingError(ep.path, 'timeout', status, `no answer within ${totalMs} ms in all`);

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
      json = await pRetry(() => attempt(ep, params, query, total), {
        retries: 'write' in ep ? 0 : (o.retries ?? 4),
        minTimeout: o.minBackoffMs ?? 250,
        maxTimeout: o.maxBackoffMs ?? 5_000,
        factor: 2,
        randomize: true,
        maxRetryTime: totalMs,
        signal: total,
        shouldRetry: ({ error }) => error instanceof SmartVendingError && error.retryable,
      });
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
    const r = (await call(ep, pageOf(item), params, { ...page })) as {
      list: z.output<T>[];
      cursor: number;
      total: number;
    };
    const next = r.list.length === 0 || r.cursor >= r.total ? null : r.cursor;
    return { list: r.list, next, total: r.total };
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
    /** §6.1 a machine's live status. */
    routerStatus: (f: { assetId: string }) =>
      call(ENDPOINTS.routerStatus, machineStatusSchema, f, { limit: 1, cursor: 0 }),
    /** §6.2 a machine's sales per goods and shelf since its last refill. */
    routerSales: (f: { assetId: string }) => call(ENDPOINTS.routerSales, salesSinceRefillSchema, f),
    /** §8.2 refill settlements whose push never got through. */
    refillMessage: async (f: {
      assetId?: string;
      siteNumber?: string;
      startTime?: number;
      endTime?: number;
    }) => (await call(ENDPOINTS.refillMessage, refillMessagesSchema, f)).message,
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

export type SmartVendingClient = ReturnType<typeof createSmartVendingClient>;
