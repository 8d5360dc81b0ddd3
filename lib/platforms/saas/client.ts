import type { z } from 'zod';
import type { SaasCredentials } from '@/lib/settings/credentials';
import { idNumber, parseSaasJson, stringifySaasJson } from './json';
import * as s from './schemas';

/**
 * The SAAS OpenApi (seed 002 §1–§10). Every call has a timeout; the bearer token from Login is
 * cached until shortly before ExpiresIn, concurrent callers share one login in flight, and a
 * 401 costs one fresh login and one retry. Answers are validated with zod and unwrapped from
 * the common envelope into typed results; anything else is a SaasError.
 */
export type SaasErrorKind =
  | 'not_configured'
  | 'timeout'
  | 'network'
  | 'unauthorized'
  | 'refused'
  | 'http'
  | 'invalid_response';

export class SaasError extends Error {
  constructor(
    readonly kind: SaasErrorKind,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'SaasError';
  }
  /** Worth another attempt: nothing definite came back. */
  get transient() {
    return (
      this.kind === 'timeout' ||
      this.kind === 'network' ||
      (this.kind === 'http' && (this.status ?? 0) >= 500)
    );
  }
}

export interface SaasClientOptions {
  credentials: () => SaasCredentials | undefined | Promise<SaasCredentials | undefined>;
  timeoutMs?: number;
  /** Attempts for calls that may be repeated (default 3). */
  attempts?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

export interface OpenDoorInput {
  orderId: string;
  machineId: string;
  doorNo: number;
  type: 'buy' | 'restock';
  notifyUrl: string;
  customerDetails?: string;
  remark?: string;
}

export interface OpenDoorResult {
  /** The machine took the command (Status); false with `msg` when it refused. */
  accepted: boolean;
  msg: string;
  /** The SaasAPI order number when the answer carries one. */
  orderNo: string | null;
}

export interface ConfirmLine {
  commodityId: string;
  layerNo: number;
  spotCount: number;
  stockCount: number;
  sno: number;
}

interface CachedToken {
  account: string;
  token: string;
  /** Epoch ms after which we log in again. */
  renewAt: number;
}

const REFRESH_MARGIN_MS = 60_000;
/** A login answered without ExpiresIn: trusted this long, then asked again (D73). */
const UNSTATED_TTL_SECONDS = 300;

export function createSaasClient(o: SaasClientOptions) {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const attempts = o.attempts ?? 3;
  const now = o.now ?? Date.now;
  const doFetch = o.fetch ?? fetch;
  let cached: CachedToken | null = null;
  let inFlight: { account: string; promise: Promise<CachedToken> } | null = null;

  async function account() {
    const c = await o.credentials();
    if (!c?.baseUrl) throw new SaasError('not_configured', 'the SAAS OpenApi is not configured');
    return { ...c, baseUrl: c.baseUrl, id: `${c.baseUrl}|${c.appId}|${c.key}|${c.secret}` };
  }

  async function send(
    baseUrl: string,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    token?: string,
  ): Promise<{ status: number; json: unknown }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let r: Response;
    try {
      r = await doFetch(new URL(path, baseUrl.replace(/\/?$/, '/')), {
        method,
        headers,
        body: body === undefined ? undefined : stringifySaasJson(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === 'TimeoutError' || err.name === 'AbortError')
        throw new SaasError('timeout', `${path}: no answer within ${timeoutMs} ms`);
      throw new SaasError(
        'network',
        `${path}: ${err.cause?.code ?? err.cause?.message ?? err.message}`,
      );
    }
    const textBody = await r.text().catch(() => '');
    let json: unknown = undefined;
    try {
      // Ids past 2^53 keep every digit (lib/platforms/saas/json.ts, D73).
      json = textBody ? s.normaliseKeys(parseSaasJson(textBody)) : undefined;
    } catch {
      // not JSON: judged by status below
    }
    return { status: r.status, json };
  }

  async function login(): Promise<CachedToken> {
    const a = await account();
    if (cached && cached.account === a.id && now() < cached.renewAt) return cached;
    if (inFlight?.account === a.id) return inFlight.promise;
    const promise = (async () => {
      // Login has no effect but a new token: repeating it is harmless.
      const r = await retrying(() =>
        send(a.baseUrl, 'POST', 'OpenApi/Login', { appID: a.appId, key: a.key, secret: a.secret }),
      );
      if (r.status === 401 || r.status === 403)
        throw new SaasError('unauthorized', `login refused: ${errorText(r.json)}`, r.status);
      // Three shapes (D73): {statusCode, data:{Token, ExpiresIn}}, {Code, Data:{Token,
      // ExpiresIn}} and {statusCode, data:{token, expiresIn}, succeeded}: keys read alike.
      const data = unwrap(r, 'OpenApi/Login', s.loginData);
      const ttl = (data.expiresIn ?? UNSTATED_TTL_SECONDS) * 1000;
      const token = {
        account: a.id,
        token: data.token,
        renewAt: now() + Math.max(ttl / 2, ttl - REFRESH_MARGIN_MS),
      };
      cached = token;
      return token;
    })();
    inFlight = { account: a.id, promise };
    try {
      return await promise;
    } finally {
      if (inFlight?.promise === promise) inFlight = null;
    }
  }

  /** A call with the bearer token: on a 401, one new login and one more try. */
  async function authed(method: 'GET' | 'POST', path: string, body?: unknown) {
    let token = await login();
    let r = await send((await account()).baseUrl, method, path, body, token.token);
    if (r.status === 401) {
      if (cached === token) cached = null;
      token = await login();
      r = await send((await account()).baseUrl, method, path, body, token.token);
      if (r.status === 401)
        throw new SaasError('unauthorized', `${path}: ${errorText(r.json)}`, r.status);
    }
    return r;
  }

  async function retrying<T>(fn: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await fn();
      } catch (e) {
        if (!(e instanceof SaasError) || !e.transient || n >= attempts) throw e;
        await new Promise((r) => setTimeout(r, 200 * 2 ** (n - 1)));
      }
    }
  }

  /** A GET, or a POST whose repeat is harmless: retried on timeouts, network errors and 5xx. */
  async function call<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<z.infer<S>> {
    return retrying(async () => unwrap(await authed(method, path, body), path, schema));
  }

  const mid = (id: string) => encodeURIComponent(id);

  return {
    /** Logs in now (or reuses the cached token): proves the account. */
    login: async () => {
      await login();
    },
    /** Drops the cached token (tests, and a change of credentials). */
    forgetToken: () => {
      cached = null;
    },
    machineInfo: (machineId: string) =>
      call('GET', `OpenApi/Machine/Info/${mid(machineId)}`, s.machineInfo),
    commodities: (machineId: string) =>
      call('GET', `OpenApi/Machine/Commoditys/${mid(machineId)}`, s.commodity.array()),
    payConfig: (machineId: string) =>
      call('GET', `OpenApi/Machine/PayConfig/${mid(machineId)}`, s.payConfig),

    /**
     * §5 (buy, TranseType 0) and §6 (restock). Retried: the OrderId is ours and the platform
     * keeps one order per OrderId, so a repeat cannot open the door twice; a repeat that finds
     * its OrderId taken means the first attempt arrived, and the callbacks will follow.
     */
    async openDoor(input: OpenDoorInput): Promise<OpenDoorResult> {
      const path = input.type === 'restock' ? 'OpenApi/Repli/OpenDoor' : 'OpenApi/Order/OpenDoor';
      const body = {
        OrderId: input.orderId,
        MachineId: input.machineId,
        DoorNo: input.doorNo,
        TranseType: input.type === 'restock' ? 2 : 0,
        CustomerDetails: input.customerDetails ?? '',
        TimeSp: Math.floor(now() / 1000),
        NotifyUrl: input.notifyUrl,
        Remark: (input.remark ?? '').slice(0, 128),
      };
      let attempt = 0;
      return retrying(async () => {
        attempt++;
        const r = await authed('POST', path, body);
        if (attempt > 1 && r.status === 400 && /already exists/i.test(errorText(r.json)))
          return { accepted: true, msg: errorText(r.json), orderNo: null };
        const d = unwrap(r, path, s.openDoorResult);
        const data = typeof d.data === 'string' || typeof d.data === 'number' ? String(d.data) : '';
        return { accepted: d.status, msg: d.msg ?? '', orderNo: d.status && data ? data : null };
      });
    },

    /** §7. Retried: StockCount is absolute, so confirming the same lines again changes nothing. */
    async confirmRestock(input: {
      machineId: string;
      transId: number | string;
      trackingId: string;
      doorNo: number;
      lines: ConfirmLine[];
    }) {
      const path = 'OpenApi/Repli/Confirm';
      const body = {
        Mid: input.machineId,
        // A long: sent as the platform's number with every digit, even past 2^53.
        TransId: idNumber(input.transId),
        TrackingId: input.trackingId,
        DoorNo: input.doorNo,
        Data: input.lines.map((l) => ({
          CommodityId: l.commodityId,
          LayerNo: l.layerNo,
          SpotCount: l.spotCount,
          StockCount: l.stockCount,
          Sno: l.sno,
        })),
      };
      return retrying(async () => {
        const r = await authed('POST', path, body);
        const d = ownShape(r, path, s.confirmResult);
        return { ok: d.success, message: d.message ?? '' };
      });
    },

    /**
     * §10. Retried: a report names our OrderId and the platform's OrderNo, so repeating the
     * same result reports the same fact again.
     */
    async reportPayment(input: {
      orderId: string;
      orderNo: string;
      payType: 0 | 1 | 2;
      success: boolean;
      errorMessage?: string;
    }) {
      const path = 'OpenApi/Order/ReportPaymentResult';
      const body = {
        OrderId: input.orderId,
        OrderNo: input.orderNo,
        PayType: input.payType,
        PayStatus: input.success ? 1 : 2,
        ErrorMessage: input.errorMessage ?? '',
      };
      return retrying(async () => {
        const r = await authed('POST', path, body);
        const d = ownShape(r, path, s.reportResult.or(s.envelope));
        const ok = 'status' in d ? d.status : d.data === true;
        const message = 'message' in d ? (d.message ?? '') : errorText(d);
        return { ok, message };
      });
    },
  };
}

export type SaasClient = Awaited<ReturnType<typeof createSaasClient>>;

function errorText(json: unknown): string {
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    const e = o.errors ?? o.message ?? o.msg;
    if (typeof e === 'string') return e;
    if (e) return JSON.stringify(e);
  }
  return 'no message';
}

function statusError(r: { status: number; json: unknown }, path: string): SaasError {
  const msg = `${path}: HTTP ${r.status}: ${errorText(r.json)}`;
  if (r.status === 401 || r.status === 403) return new SaasError('unauthorized', msg, r.status);
  if (r.status >= 500) return new SaasError('http', msg, r.status);
  return new SaasError('refused', msg, r.status);
}

/** The envelope's data, validated; a failed envelope is `refused` with its errors. */
function unwrap<S extends z.ZodType>(
  r: { status: number; json: unknown },
  path: string,
  schema: S,
): z.infer<S> {
  const env = s.envelope.safeParse(r.json);
  if (r.status >= 400 || !env.success) {
    if (r.status >= 400) throw statusError(r, path);
    throw new SaasError('invalid_response', `${path}: not the common envelope`, r.status);
  }
  const statusCode = env.data.statusCode ?? env.data.code ?? null;
  if (env.data.succeeded === false || (statusCode ?? 200) >= 400) {
    throw new SaasError('refused', `${path}: ${errorText(r.json)}`, statusCode);
  }
  const data = schema.safeParse(env.data.data);
  if (!data.success)
    throw new SaasError('invalid_response', `${path}: ${data.error.issues[0]?.message}`, r.status);
  return data.data;
}

/** §7/§10 answer in their own shape; accept it bare or inside the envelope. */
function ownShape<S extends z.ZodType>(
  r: { status: number; json: unknown },
  path: string,
  schema: S,
): z.infer<S> {
  if (r.status >= 500 || r.status === 401 || r.status === 403) throw statusError(r, path);
  const bare = schema.safeParse(r.json);
  if (bare.success) return bare.data;
  const env = s.envelope.safeParse(r.json);
  if (env.success && env.data.data && typeof env.data.data === 'object') {
    const inner = schema.safeParse(env.data.data);
    if (inner.success) return inner.data;
  }
  if (r.status >= 400) throw statusError(r, path);
  throw new SaasError('invalid_response', `${path}: unexpected answer`, r.status);
}
