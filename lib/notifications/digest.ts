import 'server-only';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { markDigested, queueDelivery, releasedHeld } from '@/db/queries/deliveries';

/**
 * Held messages whose quiet hours have ended go out as ONE digest per channel (and language):
 * a `digest` delivery listing them, which marks them delivered when it is (lib/notifications/
 * worker.ts). An alert's start and its resolution held together show as the one alert, resolved.
 * Returns how many digests were queued.
 */
export async function releaseDigests(db: Db, now: number): Promise<number> {
  // A read first: most ticks find nothing, and need not take the write lock.
  if ((await releasedHeld(db, now)).length === 0) return 0;
  return await inTransaction(db, async () => {
    const held = await releasedHeld(db, now);
    const groups = new Map<string, typeof held>();
    for (const d of held) {
      const key = `${d.channelId}|${d.language}`;
      groups.set(key, [...(groups.get(key) ?? []), d]);
    }
    let queued = 0;
    for (const members of groups.values()) {
      const first = members[0]!;
      const ids = members.map((m) => m.id);
      const digestId = await queueDelivery(db, {
        // The first member is in one digest only: a second process building the same digest queues nothing.
        dedupeKey: `digest:${first.channelId}:${first.id}`,
        channelId: first.channelId,
        ruleId: first.ruleId,
        alertId: null,
        transition: 'digest',
        language: first.language,
        state: 'pending',
        payload: JSON.stringify({ members: ids }),
        nextAttemptAt: now,
        createdAt: now,
      });
      if (digestId === undefined) continue;
      await markDigested(db, { ids, digestId });
      queued++;
    }
    return queued;
  });
}
