import 'server-only';
import { mapSeries } from '@/lib/ops/series';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import {
  addAlertEvent,
  escalationCandidates,
  markEscalated,
  queueDelivery,
} from '@/db/queries/deliveries';
import { machinePlace } from '@/db/queries/notification-rules';
import { dedupeKey } from './outbox';
import { cachedRules, ruleMatches } from './rules';

/**
 * An alert still open (not acknowledged, not snoozed) a rule's `escalateAfterMinutes` after it
 * started is told once to the rule's escalation channel, and marked escalated. Acknowledging
 * first changes its state, so it is no longer a candidate. Returns how many were escalated.
 */
export async function escalateDue(db: Db, now: number): Promise<number> {
  const rules = (await cachedRules(db)).filter(
    (r) => r.escalateAfterMinutes && r.escalateChannelId,
  );
  if (rules.length === 0) return 0;
  const soonest = Math.min(...rules.map((r) => r.escalateAfterMinutes!));
  // Reads first (most ticks escalate nothing, and need not take the write lock); each escalation
  // is then its own transaction, guarded by escalated_at being still unset.
  const candidates = await escalationCandidates(db, { startedBy: now - soonest * 60, now });
  const due = (
    await mapSeries(candidates, async (alert) => {
      const place = alert.assetId ? await machinePlace(db, alert.assetId) : undefined;
      const subject = {
        kind: alert.kind,
        assetId: alert.assetId,
        lineId: place?.lineId ?? null,
        areaId: place?.areaId ?? null,
      };
      const by = rules.filter(
        (r) => alert.startedAt + r.escalateAfterMinutes! * 60 <= now && ruleMatches(r, subject),
      );
      return by.length ? [{ alert, rules: by }] : [];
    })
  ).flat();
  let escalated = 0;
  for (const { alert, rules: by } of due) {
    await inTransaction(db, async () => {
      if (!(await markEscalated(db, { alertId: alert.id, at: now }))) return;
      const channels: number[] = [];
      for (const r of by) {
        const id = await queueDelivery(db, {
          dedupeKey: dedupeKey(alert.id, 'escalated', r.escalateChannelId!),
          channelId: r.escalateChannelId!,
          ruleId: r.id,
          alertId: alert.id,
          transition: 'escalated',
          language: r.language,
          state: 'pending',
          nextAttemptAt: now,
          createdAt: now,
        });
        if (id !== undefined) channels.push(r.escalateChannelId!);
      }
      await addAlertEvent(db, {
        alertId: alert.id,
        at: now,
        type: 'escalated',
        details: { channels },
      });
      escalated++;
    });
  }
  return escalated;
}
