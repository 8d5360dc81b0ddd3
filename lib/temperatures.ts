import type { Db } from '@/db/client';
import { temperatureContainers, temperatureRange } from '@/db/queries/temperatures';
import { downsample, parseChambers, type Reading } from '@/lib/domain/temperature';

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
export function machineTemperatures(db: Db, p: TemperatureParams) {
  const rows = temperatureRange(db, p);
  const byCid = new Map<string, Reading[]>();
  for (const { cid, chambers, ...row } of rows) {
    const r: Reading = { ...row, chambers: parseChambers(chambers) };
    const list = byCid.get(cid);
    if (list) list.push(r);
    else byCid.set(cid, [r]);
  }
  const cids = temperatureContainers(db, p);
  const range = { from: p.from, to: p.to, maxPoints: p.maxPoints ?? MAX_POINTS };
  return {
    assetId: p.assetId,
    from: p.from,
    to: p.to,
    containers: cids.map((cid) => ({ cid, ...downsample(byCid.get(cid) ?? [], range) })),
  };
}

export type MachineTemperatures = ReturnType<typeof machineTemperatures>;
