import 'server-only';
import { randomUUID } from 'node:crypto';
import pRetry, { AbortError } from 'p-retry';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import {
  claimDelivery,
  deliveriesOfAlert,
  deliveryState,
  dueDeliveries,
  finishDeliveries,
  noteChannelResult,
  postponeDelivery,
  recordAttempt,
  type DeliveryRow,
} from '@/db/queries/deliveries';
import { holdLease, releaseLease } from '@/db/queries/leases';
import { reportCondition } from '@/lib/alerts/conditions';
import type { AppConfig } from '@/lib/config';
import { sendNotice } from '@/lib/notifications/channels';
import { releaseDigests } from './digest';
import { escalateDue } from './escalation';
import { digestMembers, noticeOf } from './notices';
import { onNudge } from './nudge';
import { registerWorker } from '@/lib/ops/liveness';

const LEASE = 'notifications';
/** Consecutive failures after which a channel raises its own alert (D87). */
export const CHANNEL_FAILING_AFTER = 5;
/** Messages in flight at once in one process (each with its own retry schedule). */
const MAX_IN_FLIGHT = 32;
/** A send's longest wait (the channels' own timeouts are shorter). */
const SEND_BOUND_S = 60;

const nowS = () => Math.floor(Date.now() / 1000);
class Stopped extends Error {}

type Options = Pick<
  AppConfig,
  | 'NOTIFY_TICK_MS'
  | 'NOTIFY_MAX_ATTEMPTS'
  | 'NOTIFY_RETRY_MIN_MS'
  | 'NOTIFY_RETRY_MAX_MS'
  | 'NOTIFY_MAX_AGE_H'
>;

/**
 * The delivery worker: each tick, under the `notifications` lease (one process at a time),
 * turns ended quiet hours into digests, escalates what is due, and starts sending due messages.
 * Each message is sent with p-retry's exponential backoff with jitter; every attempt is first
 * claimed in a transaction (attempts + 1, its next time pushed past the send and the wait), so
 * no other process or tick sends it meanwhile, and a process that dies mid-wait leaves it for
 * the next holder once that time passes. Returns stop (for SIGTERM).
 */
export function startDeliveryWorker(getDb: () => Db, o: Options): () => Promise<void> {
  const holder = randomUUID();
  const ttlS = Math.max(3, Math.ceil((3 * o.NOTIFY_TICK_MS) / 1000));
  const holdS = Math.ceil((2 * o.NOTIFY_RETRY_MAX_MS) / 1000) + SEND_BOUND_S;
  const stopping = new AbortController();
  const inFlight = new Map<number, Promise<void>>();
  let ticking = false;
  let again = false;

  const tick = async () => {
    if (stopping.signal.aborted) return;
    live.beat();
    if (ticking) {
      again = true;
      return;
    }
    ticking = true;
    try {
      const db = getDb();
      const now = nowS();
      if (!(await holdLease(db, { name: LEASE, holder, ttlS, now }))) return;
      await releaseDigests(db, now);
      await escalateDue(db, now);
      const room = MAX_IN_FLIGHT - inFlight.size;
      if (room <= 0) return;
      for (const d of await dueDeliveries(db, { now, limit: room, skip: [...inFlight.keys()] })) {
        const run = deliver(db, d)
          .catch((e: unknown) => console.error('notification delivery', d.id, e))
          .finally(() => {
            inFlight.delete(d.id);
            // A freed slot may let the next due message go without waiting for the poll.
            if (!stopping.signal.aborted) setImmediate(tick);
          });
        inFlight.set(d.id, run);
      }
    } catch (e) {
      console.error('notification worker', e);
    } finally {
      ticking = false;
      if (again) {
        again = false;
        setImmediate(tick);
      }
    }
  };

  async function deliver(db: Db, first: DeliveryRow) {
    // A resolution waits for its start's message on the same channel, so they arrive in order.
    if (first.transition === 'resolved' && first.alertId) {
      const start = (await deliveriesOfAlert(db, first.alertId)).find(
        (d) =>
          d.channelId === first.channelId &&
          d.state === 'pending' &&
          (d.transition === 'opened' || d.transition === 'escalated'),
      );
      // Looked at again each second (one indexed read) until the start has gone or failed.
      if (start) return postponeDelivery(db, { id: first.id, until: nowS() + 1 });
    }
    const now = nowS();
    const ageLeftMs = (first.createdAt + o.NOTIFY_MAX_AGE_H * 3600 - now) * 1000;
    if (first.attempts >= o.NOTIFY_MAX_ATTEMPTS || ageLeftMs <= 0) {
      return finish(db, first, 'failed', now);
    }
    let attempts = first.attempts;
    try {
      await pRetry(
        async () => {
          if (stopping.signal.aborted) throw new Stopped();
          const at = nowS();
          const d = await inTransaction(
            db,
            async () => await claimDelivery(db, { id: first.id, attempts, holdUntil: at + holdS }),
          );
          if (!d) throw new AbortError('claimed elsewhere'); // another process has it: leave it
          attempts = d.attempts;
          const notice = await noticeOf(db, d);
          const started = performance.now();
          const result = notice
            ? await sendNotice(db, d.channelId, notice)
            : { ok: false, status: null, answer: 'the alert no longer exists', retryable: false };
          const doneAt = nowS();
          await inTransaction(db, async () => {
            await recordAttempt(db, {
              deliveryId: d.id,
              at: doneAt,
              ok: result.ok,
              status: result.status,
              answer: result.answer,
              durationMs: Math.round(performance.now() - started),
            });
            await noteChannel(db, d.channelId, result, doneAt);
            if (result.ok) await finish(db, d, 'delivered', doneAt);
            else if (!result.retryable || attempts >= o.NOTIFY_MAX_ATTEMPTS)
              await finish(db, d, 'failed', doneAt);
          });
          if (!result.ok) {
            const why = `${result.status ?? 'no answer'}: ${result.answer}`;
            throw result.retryable ? new Error(why) : new AbortError(why);
          }
        },
        {
          retries: Math.max(0, o.NOTIFY_MAX_ATTEMPTS - first.attempts - 1),
          factor: 2,
          minTimeout: o.NOTIFY_RETRY_MIN_MS,
          maxTimeout: o.NOTIFY_RETRY_MAX_MS,
          randomize: true,
          maxRetryTime: ageLeftMs,
          signal: stopping.signal,
          shouldRetry: ({ error }) => !(error instanceof Stopped),
        },
      );
    } catch (e) {
      if (e instanceof Error && e.message === 'claimed elsewhere') return;
      const current = await deliveryState(db, first.id);
      if (current !== 'pending') return; // delivered or failed above
      if (stopping.signal.aborted) {
        // Stopping between attempts: leave it due now for the next process, not after the hold.
        await postponeDelivery(db, { id: first.id, until: nowS() });
      } else await finish(db, first, 'failed', nowS()); // out of attempts or of time
    }
  }

  /** A digest ends with its members: delivered or failed together. */
  async function finish(db: Db, d: DeliveryRow, state: 'delivered' | 'failed', at: number) {
    const ids = d.transition === 'digest' ? [d.id, ...digestMembers(d)] : [d.id];
    await finishDeliveries(db, { ids, state, at });
  }

  // /readyz: a tick that stops coming means the worker is stuck (D90).
  const live = registerWorker('deliveries', Math.max(o.NOTIFY_TICK_MS * 3, 5000) + 60_000);
  const timer = setInterval(tick, o.NOTIFY_TICK_MS);
  timer.unref();
  onNudge(tick);
  setImmediate(tick);

  return async () => {
    live.stop();
    clearInterval(timer);
    onNudge(undefined);
    stopping.abort(new Stopped());
    await Promise.allSettled([...inFlight.values()]);
    try {
      await releaseLease(getDb(), { name: LEASE, holder });
    } catch {
      // the database may already be closed
    }
  };
}

/** Keeps the channel's health, and raises (or resolves) its own alert when it keeps failing. */
async function noteChannel(
  db: Db,
  channelId: number,
  r: { ok: boolean; answer: string },
  at: number,
) {
  const ch = await noteChannelResult(db, { channelId });
  if (!ch) return;
  if (!r.ok && ch.failures < CHANNEL_FAILING_AFTER) return;
  await reportCondition(db, {
    kind: 'channelFailing',
    subject: String(channelId),
    holding: !r.ok,
    details: r.ok
      ? undefined
      : { name: ch.name, answer: r.answer.slice(0, 200), failures: ch.failures },
    now: at,
  });
}
