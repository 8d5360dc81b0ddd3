import 'server-only';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { activeUser, alertState, changeAlert, getAlert, type AlertItem } from '@/db/queries/alerts';
import type { Caller } from '@/lib/edge/caller';
import { signedIn } from '@/lib/edge/caller';
import { ApiError } from '@/lib/edge/errors';
import { audit } from '@/lib/admin/audit';
import { enqueueAlertTransition } from '@/lib/notifications/outbox';

/**
 * What people do with an alert (issue 19, D86): acknowledge, resolve by hand, snooze, assign.
 * Each change, its line in the timeline, its audit entry and (for a resolution) the messages
 * it calls for commit together in one transaction. A resolved alert changes no more (409).
 */
export type AlertAction =
  | { type: 'ack'; note?: string }
  | { type: 'resolve'; note: string }
  | { type: 'snooze'; minutes: number }
  | { type: 'assign'; userId: number | null };

export interface ActionResult {
  alert: AlertItem;
  /** False when the alert already was as asked (a second acknowledgement, the same assignee). */
  changed: boolean;
}

export async function actOnAlert(
  db: Db,
  caller: Caller,
  id: number,
  action: AlertAction,
  now = Math.floor(Date.now() / 1000),
): Promise<ActionResult> {
  const who = signedIn(caller);
  // As people know them: a user's name (the audit log keeps the sign-in), a token's name.
  const by = who.kind === 'user' ? who.name : who.label;
  const changed = await inTransaction(db, async () => {
    const row = await alertState(db, id);
    if (!row) throw new ApiError('NOT_FOUND', `alert ${id} does not exist`);
    if (row.state === 'resolved')
      throw new ApiError('ALERT_RESOLVED', `alert ${id} is resolved: it can no longer change`);
    const before = { state: row.state, snoozedUntil: row.snoozedUntil, assigneeId: row.assigneeId };
    const record = async (after: Record<string, unknown>) =>
      await audit(
        db,
        caller,
        { action: `alert.${action.type}`, targetKind: 'alert', targetId: id, before, after },
        now,
      );
    switch (action.type) {
      case 'ack': {
        // Idempotent (D86): the first acknowledgement stands; a second one changes nothing.
        if (row.state === 'acknowledged') return false;
        const note = action.note || null;
        await changeAlert(
          db,
          id,
          {
            state: 'acknowledged',
            acknowledgedAt: now,
            acknowledgedById: who.kind === 'user' ? who.id : null,
            acknowledgedBy: by,
            ackNote: note,
          },
          { at: now, type: 'acknowledged', by, note },
        );
        await record({ state: 'acknowledged', note });
        return true;
      }
      case 'resolve': {
        await changeAlert(
          db,
          id,
          { state: 'resolved', resolvedAt: now, resolvedBy: by, resolveNote: action.note },
          { at: now, type: 'resolved', by, note: action.note },
        );
        await record({ state: 'resolved', note: action.note });
        await enqueueAlertTransition(db, { alertId: id, transition: 'resolved', now });
        return true;
      }
      case 'snooze': {
        const until = now + action.minutes * 60;
        await changeAlert(
          db,
          id,
          { snoozedUntil: until },
          { at: now, type: 'snoozed', by, details: { until, minutes: action.minutes } },
        );
        await record({ snoozedUntil: until, minutes: action.minutes });
        return true;
      }
      case 'assign': {
        const user = action.userId === null ? null : await activeUser(db, action.userId);
        if (action.userId !== null && !user)
          throw new ApiError(
            'UNPROCESSABLE',
            `userId: user ${action.userId} does not exist or is disabled`,
          );
        if ((user?.id ?? null) === row.assigneeId) return false;
        await changeAlert(
          db,
          id,
          { assigneeId: user?.id ?? null },
          {
            at: now,
            type: 'assigned',
            by,
            details: user ? { userId: user.id, name: user.name } : null,
          },
        );
        await record({ assigneeId: user?.id ?? null, name: user?.name ?? null });
        return true;
      }
    }
  });
  return { alert: (await getAlert(db, id, now))!, changed };
}
