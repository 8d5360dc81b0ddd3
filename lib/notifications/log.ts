import 'server-only';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { listDeliveries } from '@/db/queries/deliveries';
import { cursor, limit, positiveId } from '@/lib/edge/params';
import { digestMembers } from './notices';
import { DELIVERY_STATES } from './states';

export const deliveryLogQuery = z.strictObject({
  state: z
    .enum(DELIVERY_STATES, { error: `state must be one of ${DELIVERY_STATES.join(', ')}` })
    .optional(),
  channelId: positiveId.optional(),
  alertId: positiveId.optional(),
  limit: limit(200, 50),
  cursor: cursor.optional(),
});

/** A page of the delivery log (by an indexed read, newest first). */
export async function deliveryLog(db: Db, q: z.infer<typeof deliveryLogQuery>) {
  const { page, attempts, nextCursor } = await listDeliveries(db, q);
  return {
    items: page.map(({ d, channelName, channelKind, alertKind, assetId }) => ({
      id: d.id,
      transition: d.transition,
      state: d.state,
      channel: { id: d.channelId, name: channelName, kind: channelKind },
      alert: d.alertId ? { id: d.alertId, kind: alertKind, assetId } : null,
      digestOf: d.transition === 'digest' ? digestMembers(d).length : null,
      language: d.language,
      attempts: d.attempts,
      createdAt: d.createdAt,
      // A held message's release, or a new one's first try; a message between retries is
      // waiting on its sender's backoff, and its row's time is only a claim's hold.
      nextAttemptAt:
        d.state === 'held' || (d.state === 'pending' && d.attempts === 0) ? d.nextAttemptAt : null,
      deliveredAt: d.deliveredAt,
      lastStatus: d.lastStatus,
      lastAnswer: d.lastAnswer,
      log: attempts
        .filter((a) => a.deliveryId === d.id)
        .map((a) => ({
          at: a.at,
          ok: a.ok,
          status: a.status,
          answer: a.answer,
          durationMs: a.durationMs,
        })),
    })),
    nextCursor: nextCursor === null ? null : String(nextCursor),
  };
}
