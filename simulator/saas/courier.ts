import { setTimeout as sleep } from 'node:timers/promises';
import { stream } from './streams';
import { toJson } from './money';
import { camelize } from './payloads';
import type { CallbackRecord, SaasOrder } from './types';

export interface Step {
  action: string;
  /** Door events wait the knob's spacing first; merchant actions go at once. */
  spaced: boolean;
  /** The change at the machine that the callback reports, made when it happens. */
  apply?: () => void;
  body: () => Record<string, unknown>;
}

export interface CourierOptions {
  seed: number;
  now: () => number;
  delayMs: () => number;
  /** Share of callbacks sent in camelCase (the platform sends both). */
  camelShare?: number;
  attempts?: number;
  /** The vendor's own shapes (quirks.ts), applied to each body before its naming. */
  shape?: (body: Record<string, unknown>, order: SaasOrder, seq: number) => Record<string, unknown>;
}

const ATTEMPT_TIMEOUT_MS = 5_000;

/**
 * Sends each order's callbacks to its NotifyUrl one after another: a callback is sent only
 * when the one before it was delivered or given up, so they arrive in the order §11 gives
 * even when the receiver fails and attempts are retried. Orders run independently.
 */
export class Courier {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();

  constructor(private readonly o: CourierOptions) {}

  send(order: SaasOrder, steps: Step[]) {
    const prev = this.chains.get(order.orderId) ?? Promise.resolve();
    const next = prev.then(() => this.run(order, steps)).catch(() => undefined);
    this.chains.set(order.orderId, next);
    void next.then(() => {
      if (this.chains.get(order.orderId) === next) this.chains.delete(order.orderId);
    });
  }

  /** Resolves when every callback scheduled so far was delivered or given up. */
  async idle() {
    while (this.chains.size) await Promise.all([...this.chains.values()]);
  }

  stop() {
    this.abort.abort();
  }

  private async run(order: SaasOrder, steps: Step[]) {
    for (const step of steps) {
      if (step.spaced && !(await this.wait(this.o.delayMs()))) return;
      if (this.abort.signal.aborted) return;
      step.apply?.();
      const seq = order.callbacks.length + 1;
      const camel = stream(this.o.seed, 'naming', order.orderId, seq).chance(
        this.o.camelShare ?? 0.3,
      );
      const body = this.o.shape ? this.o.shape(step.body(), order, seq) : step.body();
      const record: CallbackRecord = {
        seq,
        action: step.action,
        url: order.notifyUrl,
        body: toJson(camel ? camelize(body) : body),
        naming: camel ? 'camelCase' : 'PascalCase',
        state: 'pending',
        attempts: [],
      };
      order.callbacks.push(record);
      await this.deliver(record);
    }
  }

  private async deliver(record: CallbackRecord) {
    const attempts = this.o.attempts ?? 3;
    for (let n = 1; n <= attempts; n++) {
      const attempt: CallbackRecord['attempts'][number] = { at: this.o.now(), status: null };
      record.attempts.push(attempt);
      try {
        const r = await fetch(record.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: record.body,
          signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
        });
        attempt.status = r.status;
        attempt.reply = (await r.text()).slice(0, 500);
        if (r.ok) {
          record.state = 'delivered';
          return;
        }
      } catch (e) {
        attempt.error = errorText(e);
      }
      if (n < attempts && !(await this.wait(Math.max(10, this.o.delayMs()) * 2 ** (n - 1)))) {
        break;
      }
    }
    record.state = 'failed';
  }

  /** False when the twin was stopped meanwhile. */
  private async wait(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.abort.signal });
      return true;
    } catch {
      return false;
    }
  }
}

function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${e.message}: ${cause.message}` : e.message;
}
