import 'server-only';
import type { Db } from '@/db/client';
import {
  containerReadingsBack,
  temperatureContainers,
  temperatureRange,
} from '@/db/queries/temperatures';
import { downsample, parseChambers, type Reading, type Room } from '@/lib/fleet/temperature';
import { excursionRun, type ExcursionRun } from '@/lib/fleet/temperature-band';

/** Points per container a chart is sent at most: more than a chart's width can show. */
export const MAX_POINTS = 400;

export interface TemperatureParams {
  assetId: string;
  from: number;
  to: number;
  maxPoints?: number;
}

/**
 * A machine's temperatures over [from, to], per container that has ever reported one (a
 * container without readings in the range has no points): downsampled server-side so a
 * 30-day range costs no more to draw than a 6-hour one.
 */
export async function machineTemperatures(db: Db, p: TemperatureParams) {
  const rows = await temperatureRange(db, p);
  const byCid = new Map<string, Reading[]>();
  for (const { cid, chambers, ...row } of rows) {
    const r: Reading = { ...row, chambers: parseChambers(chambers) };
    const list = byCid.get(cid);
    if (list) list.push(r);
    else byCid.set(cid, [r]);
  }
  const cids = await temperatureContainers(db, p);
  const range = { from: p.from, to: p.to, maxPoints: p.maxPoints ?? MAX_POINTS };
  return {
    assetId: p.assetId,
    from: p.from,
    to: p.to,
    containers: cids.map((cid) => ({ cid, ...downsample(byCid.get(cid) ?? [], range) })),
  };
}

export type MachineTemperatures = Awaited<ReturnType<typeof machineTemperatures>>;

/** How far back an excursion's start is looked for: past it the alert says "at least since". */
export const EXCURSION_LOOKBACK_S = 7 * 86_400;

/**
 * Since when a container's room has been out of band, and its peak (D81), read back from its
 * latest reading `to` in growing pages, so a run of a few readings costs one small read and a
 * week-long one a few.
 */
export async function excursionSince(
  db: Db,
  p: { assetId: string; cid: string; room: Room; to: number; tolerance?: number },
): Promise<ExcursionRun | null> {
  const from = p.to - EXCURSION_LOOKBACK_S;
  for (let limit = 32; ; limit *= 4) {
    const rows = (await containerReadingsBack(db, { ...p, from, limit })).map(
      ({ chambers, ...r }) => ({
        ...r,
        chambers: parseChambers(chambers),
      }),
    );
    const run = excursionRun(rows, p.room, p.tolerance);
    if (!run?.atLeast || rows.length < limit) return run;
  }
}
