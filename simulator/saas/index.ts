import type { IncomingMessage, ServerResponse } from 'node:http';
import { stream } from './streams';
import { TokenStore } from './auth';
import { handleControl } from './control';
import { Courier } from './courier';
import { generateCabinets } from './fleet';
import { handleOpenApi } from './openapi';
import { OrderBook } from './orders';
import { QUIRK_KNOBS, quirkCallback } from './quirks';
import type { SaasCabinet, SaasKnobs, SaasOrder } from './types';

export type * from './types';

export interface SaasTwinOptions {
  seed: number;
  /** Cabinets in the fleet (default 6). */
  cabinets?: number;
  appId: string;
  key: string;
  secret: string;
  /** Lifetime of a login token (default 7200 s, as ExpiresIn reports it). */
  tokenTtlSeconds?: number;
  /** Spacing between the callbacks of one order (default 300 ms). */
  callbackDelayMs?: number;
  /** Epoch ms (default Date.now): token expiry and every timestamp follow it. */
  now?: () => number;
  /** Call back and answer in the shapes the real SAAS platform has been seen to use. */
  vendorQuirks?: boolean;
}

export interface SaasTwin {
  /** The SAAS OpenApi under /OpenApi/; resolves false for paths it does not serve. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** The control API mounted under /_sim/saas/; `subpath` is what follows that prefix. */
  handleControl(req: IncomingMessage, res: ServerResponse, subpath: string): Promise<boolean>;
  orders(): readonly SaasOrder[];
  cabinets(): readonly SaasCabinet[];
  knobs(): SaasKnobs;
  /** Resolves when every callback scheduled so far was delivered or given up. */
  idle(): Promise<void>;
  /** Abandons pending callbacks (and their timers). */
  stop(): void;
}

export const DEFAULT_SAAS_KNOBS: Omit<SaasKnobs, 'callbackDelayMs'> = {
  cancelRate: 0.03,
  processMode1Rate: 0.08,
  processMode2Rate: 0.05,
  recognitionFailureRate: 0.03,
  neverSettleRate: 0.02,
  loginShape: 'documented',
  omitRate: 0,
  dataMissingRate: 0,
};

/** The SAAS OpenApi's twin (seed 002): AI cabinets, their door sessions and callbacks. */
export function createSaasTwin(options: SaasTwinOptions): SaasTwin {
  const now = options.now ?? Date.now;
  const list = generateCabinets(options.seed, options.cabinets ?? 6);
  const cabinets = new Map(list.map((c) => [c.machineId, c]));
  const knobs: SaasKnobs = {
    ...DEFAULT_SAAS_KNOBS,
    ...(options.vendorQuirks ? QUIRK_KNOBS : {}),
    callbackDelayMs: options.callbackDelayMs ?? 300,
  };
  const courier = new Courier({
    seed: options.seed,
    now,
    delayMs: () => knobs.callbackDelayMs,
    shape: options.vendorQuirks
      ? (body, order, seq) =>
          quirkCallback(body, stream(options.seed, 'quirks', order.orderId, seq), knobs, now())
      : undefined,
  });
  const orgId = String(stream(options.seed, 'org').int(100_000, 999_999));
  const book = new OrderBook({ seed: options.seed, now, knobs, cabinets, courier, orgId });
  const tokens = new TokenStore(
    stream(options.seed, 'tokens'),
    options.tokenTtlSeconds ?? 7200,
    now,
  );
  const api = {
    ...options,
    vendorQuirks: options.vendorQuirks ?? false,
    tokens,
    book,
    now,
    quirkRng: stream(options.seed, 'quirks', 'answers'),
  };
  return {
    handle: (req, res) => handleOpenApi(api, req, res),
    handleControl: (req, res, subpath) => handleControl(book, req, res, subpath),
    orders: () => [...book.byId.values()],
    cabinets: () => list,
    knobs: () => ({ ...knobs }),
    idle: () => courier.idle(),
    stop: () => courier.stop(),
  };
}
