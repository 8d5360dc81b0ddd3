import 'server-only';
import type { Db } from '@/db/client';
import { alertById, deliveriesOfAlert, queueDelivery } from '@/db/queries/deliveries';
import { machinePlace } from '@/db/queries/notification-rules';
import { getConfig } from '@/lib/config';
import { quietUntil } from './quiet';
import { cachedRules, ruleMatches, type CompiledRule } from './rules';
import { nudgeWorker } from './nudge';

/** What a channel is told of an alert. */
export type AlertTransition = 'opened' | 'resolved' | 'escalated';

export const dedupeKey = (alertId: number, t: AlertTransition, channelId: number) =>
  `alert:${alertId}:${t}:${channelId}`;

/**
 * Queues the messages an alert's change calls for, one per matching rule's channel, in the
 * caller's transaction (so the change and its messages commit together or not at all), each
 * idempotent by (alert, transition, channel): the same call twice, or from two processes,
 * queues once.
 *
 * CONTRACT (issue 19): called inside `inTransaction` by every code path that opens or resolves
 * an alert (lib/alerts). Cheap when nothing matches: the rules are cached per connection, and
 * an alert costs one read by primary key (two for a machine's), plus one insert per channel.
 */
export async function enqueueAlertTransition(
  db: Db,
  o: { alertId: number; transition: AlertTransition; now: number },
): Promise<void> {
  if (o.transition === 'resolved') return queueResolution(db, o.alertId, o.now);
  const rules = await cachedRules(db);
  if (rules.length === 0) return;
  const alert = await alertById(db, o.alertId);
  if (!alert) return;
  const place = alert.assetId ? await machinePlace(db, alert.assetId) : undefined;
  const subject = {
    kind: alert.kind,
    assetId: alert.assetId,
    lineId: place?.lineId ?? null,
    areaId: place?.areaId ?? null,
  };
  const matching = rules.filter((r) => ruleMatches(r, subject));
  const timeZone = getConfig().FLEET_TIME_ZONE;
  let queued = 0;
  const queue = async (r: CompiledRule, channelId: number, heldUntil: number | null) => {
    const id = await queueDelivery(db, {
      dedupeKey: dedupeKey(alert.id, o.transition, channelId),
      channelId,
      ruleId: r.id,
      alertId: alert.id,
      transition: o.transition,
      language: r.language,
      state: heldUntil === null ? 'pending' : 'held',
      nextAttemptAt: heldUntil ?? o.now,
      createdAt: o.now,
    });
    if (id !== undefined) queued++;
  };
  if (o.transition === 'opened') {
    // A rule out of its quiet hours first: a channel two rules name is told at once if either may.
    const withQuiet = matching.map((r) => ({ r, until: quietUntil(r.quiet, o.now, timeZone) }));
    withQuiet.sort((a, b) => (a.until ?? 0) - (b.until ?? 0));
    for (const { r, until } of withQuiet) await queue(r, r.channelId, until);
  } else {
    // Escalation is the on-call path: it is not held by the first channel's quiet hours (D87).
    for (const r of matching) if (r.escalateChannelId) await queue(r, r.escalateChannelId, null);
  }
  if (queued) nudgeWorker();
}

/**
 * A resolution goes to exactly the channels told of the start (its opened and escalated
 * deliveries that did not fail), once each. A start still held for quiet hours gets its
 * resolution held beside it, so the digest tells both at once (D87).
 */
async function queueResolution(db: Db, alertId: number, now: number) {
  const told = new Map<
    number,
    { ruleId: number | null; language: 'zh-CN' | 'en'; heldUntil: number | null }
  >();
  const rows = await deliveriesOfAlert(db, alertId);
  for (const d of rows) {
    if (d.transition !== 'opened' && d.transition !== 'escalated') continue;
    if (d.state === 'failed' || told.has(d.channelId)) continue;
    const held = d.state === 'held' && d.payload === null;
    told.set(d.channelId, {
      ruleId: d.ruleId,
      language: d.language,
      heldUntil: held ? Math.max(d.nextAttemptAt, now) : null,
    });
  }
  let queued = 0;
  for (const [channelId, t] of told) {
    const id = await queueDelivery(db, {
      dedupeKey: dedupeKey(alertId, 'resolved', channelId),
      channelId,
      ruleId: t.ruleId,
      alertId,
      transition: 'resolved',
      language: t.language,
      state: t.heldUntil === null ? 'pending' : 'held',
      nextAttemptAt: t.heldUntil ?? now,
      createdAt: now,
    });
    if (id !== undefined) queued++;
  }
  if (queued) nudgeWorker();
}
