import 'server-only';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { machinesInScope } from '@/db/queries/sales';
import { temperatureRange } from '@/db/queries/temperatures';
import { getThresholds } from '@/lib/alerts/thresholds';
import { ApiError } from '@/lib/edge/errors';
import { parseChambers } from '@/lib/fleet/temperature';
import { containerRecord, dayBounds, LOOKBACK_S, type DayRecord } from './food-safety';

/** The longest range one record covers (a quarter). */
export const MAX_DAYS = 93;
/**
 * Machines × days one record reads at most: the readings of a month of a thousand machines,
 * or a day of a fleet of 5,000 (the scheduled report). Past it, choose a machine or line.
 */
export const MAX_MACHINE_DAYS = 31_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** 2026-02-30 matches the pattern but is no day: Date would read it as 2 March. */
const realDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !DATE.test(s) || (!Number.isNaN(d.getTime()) && d.toISOString().startsWith(s));
};
const date = (what: string) =>
  z
    .string({ error: `${what} is required (a local date, yyyy-MM-dd)` })
    .regex(DATE, { error: `${what} must be a local date, yyyy-MM-dd` })
    .refine(realDate, {
      error: `${what} is not a real date`,
    });

/** GET /api/v1/reports/food-safety: a bad parameter is a 400 naming it. */
export const foodSafetyQuerySchema = z
  .object({
    from: date('from'),
    to: date('to'),
    assetId: z.string().trim().min(1).max(64, { error: 'at most 64 characters' }).optional(),
    line: z.string().trim().min(1).max(200, { error: 'at most 200 characters' }).optional(),
    only: z.enum(['excursions'], { error: 'only must be excursions' }).optional(),
    format: z.enum(['json', 'csv'], { error: 'format must be json or csv' }).default('json'),
  })
  .refine((q) => q.from <= q.to, { error: 'from must not be after to', path: ['to'] });

export type FoodSafetyQuery = z.infer<typeof foodSafetyQuerySchema>;
export type FoodSafetyParams = Omit<FoodSafetyQuery, 'format'>;

const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000) + 1;

/** Refuses (422 RANGE_TOO_LONG) a range longer than MAX_DAYS, before anything is read. */
export function assertFoodSafetyRange(q: { from: string; to: string }) {
  const days = daysBetween(q.from, q.to);
  if (days > MAX_DAYS)
    throw new ApiError(
      'RANGE_TOO_LONG',
      `a food-safety record covers at most ${MAX_DAYS} days; this range is ${days} days: choose a shorter range`,
    );
}

export interface FoodSafetyRow extends DayRecord {
  assetId: string;
  name: string | null;
  siteName: string | null;
  lineName: string | null;
  cid: string;
}

/**
 * The food-safety record (D89): per machine, container, room and local day of the range, the
 * minutes out of band (the overview's band and tolerance), the peak and the longest excursion.
 * Each machine's readings are read on their (asset, cid, at) index, one machine at a time.
 */
export async function foodSafetyReport(
  db: Db,
  p: FoodSafetyParams & { timeZone: string; now: number },
) {
  assertFoodSafetyRange(p);
  const machines = await machinesInScope(db, {
    ...(p.assetId && { assetIds: [p.assetId] }),
    ...(p.line && { lineName: p.line }),
  });
  const days = dayBounds(p.from, p.to, p.timeZone);
  if (machines.length * days.length > MAX_MACHINE_DAYS)
    throw new ApiError(
      'RANGE_TOO_LONG',
      `a food-safety record reads at most ${MAX_MACHINE_DAYS} machine-days; ${machines.length} machines × ${days.length} days is more: choose a machine, a line or a shorter range`,
    );
  const tolerance = (await getThresholds(db)).temperatureToleranceC;
  const rows: FoodSafetyRow[] = [];
  const from = (days[0]?.start ?? 0) - LOOKBACK_S;
  const to = Math.min(days.at(-1)?.end ?? 0, p.now) - 1;
  for (const m of machines) {
    const byCid = new Map<string, Awaited<ReturnType<typeof temperatureRange>>>();
    for (const r of await temperatureRange(db, { assetId: m.assetId, from, to })) {
      const list = byCid.get(r.cid);
      if (list) list.push(r);
      else byCid.set(r.cid, [r]);
    }
    for (const [cid, list] of byCid) {
      const readings = list.map((r) => ({ ...r, chambers: parseChambers(r.chambers) }));
      for (const d of containerRecord(readings, { days, tolerance, now: p.now })) {
        if (p.only && !d.minutesOut) continue;
        const { assetId, name, siteName, lineName } = m;
        rows.push({ assetId, name, siteName, lineName, cid, ...d });
      }
    }
  }
  rows.sort(
    (a, b) =>
      (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) ||
      (a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : 0) ||
      (a.cid < b.cid ? -1 : a.cid > b.cid ? 1 : 0),
  );
  return {
    from: p.from,
    to: p.to,
    timeZone: p.timeZone,
    tolerance,
    machines: machines.length,
    rows,
  };
}

export type FoodSafetyReport = Awaited<ReturnType<typeof foodSafetyReport>>;
