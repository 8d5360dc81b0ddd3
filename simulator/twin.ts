import type { SignMode } from '@/lib/platforms/signing';
import { vendorDoorState } from './vendor-door';
import { SimClock } from './clock';
import { Deliverer, type PushKind } from './deliver';
import {
  FleetEngine,
  type StatusChange,
  type TwinEvent,
  type TwinRefill,
  type TwinTrade,
} from './engine';
import { generateFleet } from './fleet';
import type { Fleet, SimMachine } from './model';
import {
  devicePayload,
  fullStatusPayload,
  olderRefillPayload,
  refillPayload,
  statusPayload,
  tradePayload,
} from './payloads';
import { Rng } from './rng';
import { ValueQuirks } from './quirks-values';

export interface TwinOptions {
  seed: number;
  machines: number;
  lines?: number;
  /** Simulated start (epoch seconds); default: now. Events before it are not emitted. */
  start?: number;
  /** Simulated seconds per real second (3600 = an hour a second). */
  speed: number;
  /** Simulated time never passes the wall clock: `speed` only until it has caught up (demo). */
  notAfterRealTime?: boolean;
  /** Days of history before `start` kept for the pull API (not pushed); default 0. */
  historyDays?: number;
  /** The app to push to; without it the twin only serves pulls. */
  appUrl?: string;
  clientId: string;
  key: string;
  /** The form its pushes and pickup calls are signed in; default amp-upper, bare-lower with vendorQuirks. */
  signMode?: SignMode;
  /**
   * Send and answer the way the vendor's own code does rather than as seed 000 reads (issue 17;
   * shared/PROTOCOL.md, last section): `npm run sim -- --vendor-quirks`, `npm run demo --
   * --vendor-quirks`. Signing bare and lowercase; temperatures as unsigned bytes and
   * `commonField` chambers; times in milliseconds and as strings; integers as strings; codes past
   * the V0.9 tables; `doorState` 1 for open; the older refill shape; the pull API's 405 for GET,
   * its envelopes and FAIL spellings. Without it the twin speaks seed 000 as written.
   */
  vendorQuirks?: boolean;
  /**
   * What happens, apart from how it is sent: payment codes past the V0.9 tables and payStatus 3
   * in the ledger itself. Default: as vendorQuirks. A seed-shaped twin with it on has the same
   * ledger as a quirky one, so the two can be compared shape for shape.
   */
  vendorCodes?: boolean;
}

export interface TwinRefillRecord {
  refill: TwinRefill;
  payload: Awaited<ReturnType<typeof refillPayload>>;
  /** The ledger sequence of its push, when pushed. */
  seq?: number;
  /** History from before the twin started: taken as acknowledged long ago. */
  historical?: boolean;
}

/**
 * The Smart Vending platform's twin: a fleet behaving over simulated time, the ledgers of what
 * happened (served by the pull API), and the pushes of it to the app.
 */
export class SmartVendingTwin {
  readonly fleet: Fleet;
  readonly clock: SimClock;
  readonly engine: FleetEngine;
  readonly deliverer?: Deliverer;
  readonly machines: Map<string, SimMachine>;
  /** Every trade emitted so far, latest state, in order of first appearance. */
  readonly trades = new Map<string, TwinTrade>();
  readonly refills: TwinRefillRecord[] = [];
  /** Each machine's status as its pushes describe it. */
  readonly status = new Map<string, StatusChange>();
  private queue: TwinEvent[] = [];
  /** The values the vendor's code sends (temperatures, times, clocks), with vendorQuirks. */
  readonly values?: ValueQuirks;
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly options: TwinOptions) {
    // On an hour boundary: the engine generates whole hours, and the first status push then
    // describes exactly the state at the start.
    const start = Math.floor((options.start ?? Date.now() / 1000) / 3600) * 3600;
    this.fleet = generateFleet({
      seed: options.seed,
      machines: options.machines,
      lines: options.lines,
    });
    this.machines = new Map(this.fleet.machines.map((m) => [m.assetId, m]));
    this.clock = new SimClock(start, options.speed, undefined, options.notAfterRealTime);
    const historyFrom = start - (options.historyDays ?? 0) * 86_400;
    this.engine = new FleetEngine(this.fleet, historyFrom, {
      statusFrom: start,
      vendorQuirks: options.vendorCodes ?? options.vendorQuirks,
    });
    if (options.vendorQuirks) this.values = new ValueQuirks(this.fleet);
    const rng = Rng.derive(options.seed, 'deliveries');
    if (options.appUrl) {
      this.deliverer = new Deliverer({
        appUrl: options.appUrl,
        clientId: options.clientId,
        key: options.key,
        signMode: this.signMode,
        rng,
        newNonce: () => rng.hex(16),
      });
    }
    for (const e of this.engine.advanceTo(start)) {
      if (e.kind === 'trade') this.trades.set(e.trade.id, e.trade);
      else if (e.kind === 'refill') {
        const payload = refillPayload(this.machines.get(e.refill.assetId)!, e.refill);
        this.refills.push({ refill: e.refill, payload, historical: true });
      }
    }
    for (const m of this.fleet.machines) this.push('device', start, devicePayload(m), m.assetId);
    for (const s of this.engine.snapshot()) {
      this.status.set(s.assetId, s);
      const payload = fullStatusPayload(this.machines.get(s.assetId)!, s);
      this.push('status', start, this.values?.status(s.assetId, payload, s) ?? payload, s.assetId);
    }
  }

  /** How it signs what it sends: the vendor's own signer (bare, lowercase) with vendorQuirks. */
  get signMode(): SignMode {
    return this.options.signMode ?? (this.options.vendorQuirks ? 'bare-lower' : 'ampersand');
  }

  private push(kind: PushKind, t: number, payload: Record<string, unknown>, key: string) {
    // Its state stays in seed 000's terms; only what it sends turns doorState round.
    const sent =
      kind === 'status' && this.options.vendorQuirks ? vendorDoorState(payload) : payload;
    this.deliverer?.enqueue(kind, t, sent, key);
    return this.deliverer?.ledger.at(-1)?.seq;
  }

  /** Runs the fleet up to the clock: events whose time has come are recorded and pushed. */
  tick() {
    const now = this.clock.now();
    const fresh = this.engine.advanceTo(now);
    if (fresh.length) this.queue = mergeByTime(this.queue, fresh);
    let i = 0;
    while (i < this.queue.length && this.queue[i]!.t <= now) this.emit(this.queue[i++]!);
    if (i) this.queue = this.queue.slice(i);
  }

  private emit(e: TwinEvent) {
    if (e.kind === 'trade') {
      this.trades.set(e.trade.id, e.trade);
      const payload = tradePayload(e.trade);
      this.push('trade', e.t, this.values?.trade(e.trade, payload) ?? payload, e.trade.id);
    } else if (e.kind === 'status') {
      const prev = this.status.get(e.status.assetId);
      this.status.set(e.status.assetId, mergeStatus(prev, e.status));
      const { assetId } = e.status;
      const payload = statusPayload(this.machines.get(assetId)!, e.status);
      this.push('status', e.t, this.values?.status(assetId, payload, e.status) ?? payload, assetId);
    } else {
      const m = this.machines.get(e.refill.assetId)!;
      const payload = refillPayload(m, e.refill);
      const record: TwinRefillRecord = { refill: e.refill, payload };
      // The ledger keeps V0.9's shape (what tests compare); the wire may carry the older one.
      const sent = this.options.vendorQuirks ? olderRefillPayload(m, e.refill) : payload;
      record.seq = this.push('refill', e.t, sent, `${e.refill.assetId}@${e.refill.refillTime}`);
      this.refills.push(record);
    }
  }

  /** Every pickup code a simulated customer entered, and what the app answered. */
  readonly pickupLog: import('./pickup').PickupOutcome[] = [];
  /** Pickup codes created through §10, with their rules and use. */
  readonly pickupCodes = new Map<
    string,
    { assetId?: string; productCode?: string; startTime?: number; endTime?: number; used: boolean }
  >();

  /** §10: a 7-digit code, valid for the machine and goods given (any when absent). */
  createPickupCode(rules: {
    assetId?: string;
    productCode?: string;
    startTime?: number;
    endTime?: number;
  }) {
    const rng = Rng.derive(this.options.seed, 'pickup', this.pickupCodes.size);
    let code: string;
    do code = String(rng.int(1_000_000, 9_999_999));
    while (this.pickupCodes.has(code));
    this.pickupCodes.set(code, { ...rules, used: false });
    return code;
  }

  /** Refills whose push the app never acknowledged (§8.2). */
  unacknowledgedRefills() {
    const states = new Map(
      this.deliverer?.ledger.filter((d) => d.kind === 'refill').map((d) => [d.seq, d.state]),
    );
    return this.refills.filter(
      (r) => !r.historical && (r.seq === undefined || states.get(r.seq) !== 'delivered'),
    );
  }

  start(intervalMs = 200) {
    this.timer ??= setInterval(() => this.tick(), intervalMs);
    this.deliverer?.start();
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    this.deliverer?.stop();
  }
}

function mergeByTime(a: TwinEvent[], b: TwinEvent[]): TwinEvent[] {
  return [...a, ...b].sort((x, y) => x.t - y.t);
}

/** A status push carries what changed; the machine's status is all of them in order. */
function mergeStatus(prev: StatusChange | undefined, next: StatusChange): StatusChange {
  if (!prev) return next;
  const shelves = new Map((prev.shelvesState ?? []).map((s) => [`${s.cid}/${s.shelvesId}`, s]));
  for (const s of next.shelvesState ?? []) shelves.set(`${s.cid}/${s.shelvesId}`, s);
  const defined = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined));
  return { ...prev, ...defined, shelvesState: [...shelves.values()] };
}
