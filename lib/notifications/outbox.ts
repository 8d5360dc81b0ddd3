import type { Db } from '@/db/client';

/** What a channel is told of an alert. */
export type AlertTransition = 'opened' | 'resolved' | 'escalated';

/**
 * Queues the messages an alert's change calls for, one per matching rule's channel, in the
 * caller's transaction (so the change and its messages commit together or not at all), each
 * idempotent by (alert, transition, channel).
 *
 * CONTRACT (issue 19, area B implements it): called inside `inTransaction` by every code path
 * that opens or resolves an alert (lib/alerts). Until area B lands it queues nothing.
 */
export function enqueueAlertTransition(
  db: Db,
  o: { alertId: number; transition: AlertTransition; now: number },
): void {
  void db;
  void o;
}
