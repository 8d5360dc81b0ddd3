import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { alertEvents, alerts } from '@/db/schema/alerts';
import { enqueueAlertTransition } from '@/lib/notifications/outbox';

/** The condition an alert is about: a kind, a machine (or none, for the app's own), a subject. */
export interface Condition {
  kind: string;
  assetId?: string | null;
  subject?: string;
}

export const conditionKey = (c: Condition) => `${c.kind}|${c.assetId ?? ''}|${c.subject ?? ''}`;

/**
 * Tells the alert records whether a condition holds now: it opens an alert when it starts
 * holding and none is open, and resolves the open one when it stops.
 *
 * CONTRACT (issue 19, area A extends it with each kind's tolerance and minimum duration, the
 * hysteresis): areas that watch the app's own conditions call it (a channel that keeps
 * failing, a stale or failed backup, a sync job failing), always inside or as one transaction.
 */
export function reportCondition(
  db: Db,
  c: Condition & {
    holding: boolean;
    since?: number;
    details?: Record<string, unknown>;
    now: number;
  },
): void {
  const key = conditionKey(c);
  inTransaction(db, () => {
    const open = db
      .select({ id: alerts.id })
      .from(alerts)
      .where(and(eq(alerts.conditionKey, key), ne(alerts.state, 'resolved')))
      .get();
    const details = JSON.stringify(c.details ?? {});
    if (c.holding && !open) {
      const row = db
        .insert(alerts)
        .values({
          kind: c.kind,
          assetId: c.assetId ?? null,
          subject: c.subject ?? '',
          conditionKey: key,
          state: 'open',
          startedAt: c.since ?? c.now,
          lastSeenAt: c.now,
          details,
          updatedAt: c.now,
        })
        .returning({ id: alerts.id })
        .get();
      db.insert(alertEvents).values({ alertId: row.id, at: c.now, type: 'opened', details }).run();
      enqueueAlertTransition(db, { alertId: row.id, transition: 'opened', now: c.now });
    } else if (c.holding && open) {
      db.update(alerts)
        .set({ lastSeenAt: c.now, details, updatedAt: c.now })
        .where(eq(alerts.id, open.id))
        .run();
    } else if (!c.holding && open) {
      db.update(alerts)
        .set({ state: 'resolved', resolvedAt: c.now, updatedAt: c.now })
        .where(eq(alerts.id, open.id))
        .run();
      db.insert(alertEvents).values({ alertId: open.id, at: c.now, type: 'resolved' }).run();
      enqueueAlertTransition(db, { alertId: open.id, transition: 'resolved', now: c.now });
    }
  });
}
