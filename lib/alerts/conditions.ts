import 'server-only';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import {
  addAlertEvent,
  forgetPending,
  handResolved,
  insertAlert,
  keepPending,
  liveAlertByKey,
  pendingByKey,
  resolveAlertByCondition,
  touchAlert,
  type AlertTouch,
  type LiveAlert,
  type PendingCondition,
} from '@/db/queries/alert-records';
import { enqueueAlertTransition } from '@/lib/notifications/outbox';
import { decide, sameMemory, type Memory } from './hysteresis';
import { getThresholds, ruleFor, type KindRule } from './thresholds';

/** The condition an alert is about: a kind, a machine (or none, for the app's own), a subject. */
export interface Condition {
  kind: string;
  assetId?: string | null;
  subject?: string;
}

export const conditionKey = (c: Condition) => `${c.kind}|${c.assetId ?? ''}|${c.subject ?? ''}`;

export interface ConditionReport extends Condition {
  holding: boolean;
  /** When the condition began, when known; otherwise the first look that saw it holding. */
  since?: number;
  details?: Record<string, unknown>;
  now: number;
}

/** An open alert's facts are rewritten when they change, and its last-seen time once a minute. */
const SEEN_EVERY_S = 60;

/**
 * An alert someone resolved by hand while its condition still held is not raised again until
 * the condition has been seen ending: a condition seen within this long of the last look that
 * saw it is the same occurrence (looks refresh `lastSeenAt` at least every SEEN_EVERY_S).
 */
const SAME_OCCURRENCE_S = 3 * SEEN_EVERY_S;

/** True when the condition's last alert was resolved by hand during this same occurrence. */
async function resolvedByHand(
  db: Db,
  c: { key: string; assetId: string | null },
  now: number,
  details: string,
  touch: (t: AlertTouch) => Promise<void>,
) {
  const last = await handResolved(db, c);
  if (!last?.resolvedBy || now - last.lastSeenAt > SAME_OCCURRENCE_S) return false;
  if (now - last.lastSeenAt >= SEEN_EVERY_S) await touch({ id: last.id, details, at: now });
  return true;
}

const touchNow = (db: Db) => async (t: AlertTouch) =>
  await touchAlert(db, t.id, { details: t.details, at: t.at });

/**
 * Applies one look at a condition, given what is live and remembered for it, inside the
 * caller's transaction: opens, updates or resolves its alert (each open and resolve queues its
 * notifications in the same transaction) and keeps the hysteresis memory. An alert only seen
 * again is handed to `touches` when given (the caller writes them all at once, touchAlerts,
 * before its transaction ends), else written here.
 */
export async function applyLook(
  db: Db,
  c: ConditionReport,
  rule: Pick<KindRule, 'minS' | 'clearS'>,
  live: LiveAlert | undefined,
  pending: PendingCondition | undefined,
  touches?: AlertTouch[],
): Promise<void> {
  const touch = touches ? async (t: AlertTouch) => void touches.push(t) : touchNow(db);
  const key = conditionKey(c);
  const ref = { key, kind: c.kind, assetId: c.assetId ?? null, subject: c.subject ?? '' };
  const before: Memory | null = pending ?? null;
  const { action, memory } = decide(Boolean(live), before, c, rule);
  const details = JSON.stringify(c.details ?? {});
  const now = c.now;
  if (action.do === 'open' && !(await resolvedByHand(db, ref, now, details, touch))) {
    const id = await insertAlert(db, { ...ref, startedAt: action.startedAt, details, at: now });
    if (id !== undefined) {
      await addAlertEvent(db, { alertId: id, at: now, type: 'opened', details });
      await enqueueAlertTransition(db, { alertId: id, transition: 'opened', now });
    }
  } else if (action.do === 'update' && live) {
    if (live.details !== details || now - live.lastSeenAt >= SEEN_EVERY_S)
      await touch({ id: live.id, details, at: now });
  } else if (action.do === 'resolve' && live) {
    await resolveAlertByCondition(db, live.id, now);
    await addAlertEvent(db, { alertId: live.id, at: now, type: 'resolved' });
    await enqueueAlertTransition(db, { alertId: live.id, transition: 'resolved', now });
  }
  if (sameMemory(before, memory)) return;
  if (memory) await keepPending(db, { ...ref, ...memory, at: now });
  else await forgetPending(db, key);
}

/**
 * Tells the alert records whether a condition holds now: it opens an alert once the condition
 * has held for its kind's minimum duration (Settings → thresholds; 0 raises at once, and kinds
 * the thresholds do not name raise at once), and resolves it once it has been clear for the
 * clear duration (D85).
 *
 * CONTRACT (issue 19): areas that watch the app's own conditions call it (a channel that keeps
 * failing, a stale or failed backup, a sync job failing), always inside or as one transaction.
 * `rule` overrides the kind's thresholds (in seconds).
 */
export async function reportCondition(
  db: Db,
  c: ConditionReport & { rule?: Pick<KindRule, 'minS' | 'clearS'> },
): Promise<void> {
  const key = conditionKey(c);
  await inTransaction(db, async () => {
    const rule = c.rule ?? ruleFor(await getThresholds(db), c.kind);
    await applyLook(db, c, rule, await liveAlertByKey(db, key), await pendingByKey(db, key));
  });
}
