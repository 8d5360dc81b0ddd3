import type { Db } from '@/db/client';
import { salesWindows, type Machines } from '@/db/queries/alert-sources';
import { expectedUnits } from '@/lib/forecast/predict';
import type { Seen } from './detect';
import { salesBelowExpected, windowHours } from './sales-below';
import { ruleFor, type Thresholds } from './thresholds';

/**
 * Machines online whose sales over the kind's window fell far below their own expected demand
 * (D96): the expected units are the stored demand (migration 0024) of the shelves that have
 * stock, shaped by the machine's hour of the week, over the window; the judgement is
 * lib/alerts/sales-below.ts's. Offline machines, open doors and machines with every shelf empty
 * are other alerts' (their expected units here are none). The scan's only (not a pushed kind):
 * a trade that comes in ends it at the next full look.
 */
export function salesBelow(db: Db, o: { now: number; t: Thresholds; machines: Machines }): Seen[] {
  const hours = windowHours(ruleFor(o.t, 'salesBelowExpected').tolerance);
  const out: Seen[] = [];
  for (const r of salesWindows(db, { from: o.now - hours * 3600, machines: o.machines })) {
    const shape = JSON.parse(r.shape) as number[];
    const expected = expectedUnits({
      unitsPerDay: r.unitsPerDay,
      shape,
      offset: r.utcOffset,
      from: r.fromAt,
      to: o.now,
    });
    if (!salesBelowExpected(expected, r.actual).below) continue;
    out.push({
      kind: 'salesBelowExpected',
      assetId: r.assetId,
      subject: '',
      details: {
        expected: Math.round(expected * 10) / 10,
        actual: r.actual,
        hours: Math.round((o.now - r.fromAt) / 360) / 10,
        from: r.fromAt,
      },
    });
  }
  return out;
}
