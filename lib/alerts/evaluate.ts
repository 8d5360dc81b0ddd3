import 'server-only';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import {
  liveAlerts,
  pendingConditions,
  touchAlerts,
  type AlertTouch,
  type Machines,
} from '@/db/queries/alert-records';
import { applyLook, conditionKey } from './conditions';
import { detect, PUSHED_KINDS } from './detect';
import { ALERT_KINDS, type AlertKind } from './kinds';
import { getThresholds, ruleFor } from './thresholds';

/**
 * One look at the fleet (or at some machines): every condition of `kinds` that holds is told
 * so, and every condition with a live alert or a memory in the scope that no longer holds is
 * told it does not (D85). One transaction: what it reads and what it writes are one moment,
 * so two processes looking at the same machine at once cannot both raise its alert.
 */
export async function evaluate(
  db: Db,
  o: { now: number; machines: Machines; kinds?: readonly AlertKind[] },
): Promise<{ seen: number }> {
  const kinds = o.kinds ?? (o.machines === null ? ALERT_KINDS : PUSHED_KINDS);
  return await inTransaction(db, async () => {
    const t = await getThresholds(db);
    const scope = { kinds, assetIds: o.machines };
    const live = new Map((await liveAlerts(db, scope)).map((a) => [a.conditionKey, a]));
    const pending = new Map((await pendingConditions(db, scope)).map((p) => [p.conditionKey, p]));
    const seen = await detect(db, { now: o.now, t, kinds, machines: o.machines });
    const held = new Set<string>();
    // The alerts only seen again, written at once at the end: on a fleet's look that is most
    // of its live alerts, once a minute (one statement, not one each).
    const touches: AlertTouch[] = [];
    for (const s of seen) {
      const key = conditionKey(s);
      if (held.has(key)) continue;
      held.add(key);
      await applyLook(
        db,
        { ...s, holding: true, now: o.now },
        ruleFor(t, s.kind),
        live.get(key),
        pending.get(key),
        touches,
      );
    }
    const ended = new Map<string, { kind: string; assetId: string | null; subject: string }>();
    for (const [key, c] of [...live, ...pending]) if (!held.has(key)) ended.set(key, c);
    for (const [key, c] of ended)
      await applyLook(
        db,
        { ...c, holding: false, now: o.now },
        ruleFor(t, c.kind),
        live.get(key),
        pending.get(key),
        touches,
      );
    await touchAlerts(db, touches);
    return { seen: held.size };
  });
}
