import 'server-only';
import type { Db } from '@/db/client';
import { salesWindows, type Machines } from '@/db/queries/alert-sources';
import { latestFit } from '@/db/queries/forecast';
import { expectedUnits } from '@/lib/forecast/predict';
import type { Seen } from './detect';
import { salesBelowExpected, windowHours } from './sales-below';
import { ruleFor, type Thresholds } from './thresholds';
import { shapeOf } from '@/lib/forecast/shelves';
import { connectionKey } from '@/db/statements';

/**
 * Machines online whose sales over the kind's window fell far below their own expected demand
 * (D96): the expected units are the stored demand (migration 0024) of the shelves that have
 * stock, shaped by the machine's hour of the week, over the window; the judgement is
 * lib/alerts/sales-below.ts's. Offline machines, open doors and machines with every shelf empty
 * are other alerts' (their expected units here are none). The full look's only (not a pushed
 * kind): a trade that comes in ends it at the first full look after LOOK_EVERY_S.
 */
export async function salesBelow(
  db: Db,
  o: { now: number; t: Thresholds; machines: Machines },
): Promise<Seen[]> {
  const hours = windowHours(ruleFor(o.t, 'salesBelowExpected').tolerance);
  const fit = (await latestFit(db))?.fittedAt ?? null;
  const kept = lastLook.get(connectionKey(db));
  const seen =
    kept &&
    kept.hours === hours &&
    kept.fit === fit &&
    o.now >= kept.at &&
    o.now - kept.at < LOOK_EVERY_S
      ? kept.seen
      : await look(db, o.now, hours);
  if (seen !== kept?.seen) lastLook.set(connectionKey(db), { at: o.now, hours, fit, seen });
  const only = o.machines === null ? null : new Set(o.machines);
  return only ? seen.filter((s) => only.has(s.assetId!)) : seen;
}

/**
 * The rule reads every stocked shelf of the fleet (a few hundred ms at 5,000 machines) and
 * judges hours of sales: its result is kept for LOOK_EVERY_S per connection, so the full looks
 * in between (every ALERT_SCAN_S) cost nothing. A window changed in Settings, or a new fit of
 * the demand, looks again at once.
 */
const LOOK_EVERY_S = 300;
const lastLook = new WeakMap<
  object,
  { at: number; hours: number; fit: number | null; seen: Seen[] }
>();

async function look(db: Db, now: number, hours: number): Promise<Seen[]> {
  const out: Seen[] = [];
  for (const r of await salesWindows(db, { from: now - hours * 3600, to: now, machines: null })) {
    const expected = expectedUnits({
      unitsPerDay: r.unitsPerDay,
      shape: shapeOf(r.assetId, r.shape),
      offset: r.utcOffset,
      from: r.fromAt,
      to: now,
    });
    if (!salesBelowExpected(expected, r.actual).below) continue;
    out.push({
      kind: 'salesBelowExpected',
      assetId: r.assetId,
      subject: '',
      details: {
        expected: Math.round(expected * 10) / 10,
        actual: r.actual,
        hours: Math.round((now - r.fromAt) / 360) / 10,
        from: r.fromAt,
      },
    });
  }
  return out;
}
