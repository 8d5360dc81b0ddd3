import { signBody, type SignMode } from '@/lib/platforms/signing';
import type { Rng } from './rng';

export type PushKind = 'device' | 'trade' | 'status' | 'refill';

export interface Knobs {
  /** Probability that an attempt is lost on the way (the platform then retries). */
  drop: number;
  /** Probability that a delivered message is sent a second time. */
  duplicate: number;
  /** Deliver a batch in shuffled order. */
  reorder: boolean;
  /** Extra delay before each attempt, real milliseconds. */
  delayMs: number;
  /** Probability that an attempt carries a corrupted signature. */
  corruptSignature: number;
}

export const DEFAULT_KNOBS: Knobs = {
  drop: 0,
  duplicate: 0,
  reorder: false,
  delayMs: 0,
  corruptSignature: 0,
};

export interface Attempt {
  at: number;
  status: number | null;
  reply: string;
  corrupted?: boolean;
  dropped?: boolean;
}

export interface Delivery {
  seq: number;
  kind: PushKind;
  /** Simulated time of the event. */
  t: number;
  body: string;
  key: string;
  state: 'pending' | 'delivered' | 'abandoned';
  attempts: Attempt[];
  nextAt: number;
}

export interface DelivererOptions {
  appUrl: string;
  clientId: string;
  key: string;
  signMode: SignMode;
  rng: Rng;
  newNonce: () => string;
  maxAttempts?: number;
  baseBackoffMs?: number;
  concurrency?: number;
}

/**
 * Pushes to the app as the platform does: each message signed once, sent until the app answers
 * {"result":"SUCCESS"}, retried with exponential backoff, given up after `maxAttempts` (a
 * refill then waits in §8.2). Every attempt is kept in the ledger.
 */
export class Deliverer {
  readonly ledger: Delivery[] = [];
  knobs: Knobs = { ...DEFAULT_KNOBS };
  private seq = 0;
  private inFlight = 0;
  /** Deliveries still pending, oldest first (the ledger keeps everything). */
  private queue: Delivery[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: DelivererOptions) {}

  enqueue(kind: PushKind, t: number, payload: Record<string, unknown>, key: string) {
    const body = signBody(
      { clientId: this.o.clientId, nonce_str: this.o.newNonce(), ...payload },
      this.o.key,
      this.o.signMode,
    );
    const d: Delivery = {
      seq: ++this.seq,
      kind,
      t,
      body,
      key,
      state: 'pending',
      attempts: [],
      nextAt: 0,
    };
    this.ledger.push(d);
    this.queue.push(d);
  }

  get pending() {
    return this.queue.length;
  }

  start(intervalMs = 50) {
    this.timer ??= setInterval(() => this.pump(), intervalMs);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Sends what is due, up to the concurrency limit. */
  pump() {
    const limit = this.o.concurrency ?? 8;
    const now = Date.now();
    this.queue = this.queue.filter((d) => d.state === 'pending');
    // §4.1 status pushes carry no time, so a receiver cannot order them: like the platform's
    // per-device queue, a machine's next status waits until its previous one is delivered.
    // Reordering (the knob, retries) happens across machines and among trades and refills.
    const heldMachines = new Set<string>();
    let due = this.queue.filter((d) => {
      if (d.kind === 'status') {
        if (heldMachines.has(d.key)) return false;
        heldMachines.add(d.key);
      }
      return d.nextAt <= now && !sending.has(d);
    });
    if (this.knobs.reorder) due = this.o.rng.shuffle(due.slice(0, limit * 4));
    for (const d of due) {
      if (this.inFlight >= limit) break;
      sending.add(d);
      this.inFlight++;
      void this.attempt(d).finally(() => {
        sending.delete(d);
        this.inFlight--;
      });
    }
  }

  private async attempt(d: Delivery) {
    const rng = this.o.rng;
    const k = this.knobs;
    if (k.delayMs) await sleep(k.delayMs);
    const record: Attempt = { at: Date.now(), status: null, reply: '' };
    d.attempts.push(record);
    if (rng.chance(k.drop)) {
      record.dropped = true;
      record.reply = 'dropped';
    } else {
      let body = d.body;
      if (rng.chance(k.corruptSignature)) {
        record.corrupted = true;
        body = body.replace(
          /"sign":"([0-9A-F])/,
          (_m, c: string) => `"sign":"${c === '0' ? '1' : '0'}`,
        );
      }
      const copies = rng.chance(k.duplicate) ? 2 : 1;
      for (let i = 0; i < copies; i++) {
        try {
          const r = await fetch(`${this.o.appUrl}/api/notify/${d.kind}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          record.status = r.status;
          record.reply = await r.text();
        } catch (e) {
          record.status = null;
          record.reply = (e as Error).message;
        }
      }
    }
    if (record.status === 200 && /"result"\s*:\s*"SUCCESS"/.test(record.reply)) {
      d.state = 'delivered';
    } else if (d.attempts.length >= (this.o.maxAttempts ?? 10)) {
      d.state = 'abandoned';
    } else {
      const base = this.o.baseBackoffMs ?? 200;
      d.nextAt =
        Date.now() + Math.min(base * 2 ** (d.attempts.length - 1), 30_000) * (0.5 + rng.next());
    }
  }
}

const sending = new WeakSet<Delivery>();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
