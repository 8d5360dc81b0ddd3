import type { Reading } from '@/db/queries/temperatures';

/**
 * Temperature readings (§4.1 temperDetail) against their set band, and downsampling for charts.
 * Pure: the API and its tests share it. A null value is no reading (or no sensor, D71): never
 * charted, never an excursion.
 */
/** The two rooms §4.1 names, or a chamber of `commonField` (`wh1`…, D71). */
export type Room = 'left' | 'right' | (string & {});
export const ROOMS: readonly Room[] = ['left', 'right'];

/** Chamber names in their natural order: wh2 before wh10. */
export const byChamber = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** A stored reading (db/queries/temperatures.ts keeps its shape: it is what the table holds). */
export type { Reading };

/** A reading's rooms: left, right, then its chambers. */
export function roomsOf(r: Reading): Room[] {
  return r.chambers ? [...ROOMS, ...Object.keys(r.chambers).sort(byChamber)] : [...ROOMS];
}

/** The chambers of stored readings: JSON text as the status projection wrote it. */
export function parseChambers(text: string | null): Record<string, number | null> | null {
  return text ? (JSON.parse(text) as Record<string, number | null>) : null;
}

export interface Band {
  mode: 'cooling' | 'heating';
  low: number;
  high: number;
}

export type Excursion = 'above' | 'below';

function band(mode: Band['mode'], a: number | null, b: number | null): Band | null {
  if (a === null || b === null) return null;
  return { mode, low: Math.min(a, b), high: Math.max(a, b) };
}

/**
 * The band a room is held in: heating when its heating is on (xRmHeat 1), cooling when its
 * cooling is on (xRmRef 1). A machine that reports neither flag is taken as cooling when it
 * has cooling set points (drinks machines); a room with both flags 0 is idle and has no band.
 */
export function roomBand(r: Reading, room: Room): Band | null {
  if (room !== 'left' && room !== 'right') return chamberBand(r);
  const heat = room === 'left' ? r.leftRmHeat : r.rightRmHeat;
  const cool = room === 'left' ? r.leftRmRef : r.rightRmRef;
  if (heat === 1) return band('heating', r.heatTemDL, r.heatTemUL);
  if (cool === 1 || (heat === null && cool === null))
    return band('cooling', r.cryTemDL, r.cryTemUL);
  return null;
}

/**
 * A chamber reports no cooling or heating flag of its own: it is held in the band its
 * container's two rooms share, and has none when they differ (one cooling, one heating or idle).
 */
function chamberBand(r: Reading): Band | null {
  const left = roomBand(r, 'left');
  const right = roomBand(r, 'right');
  if (!left || !right) return null;
  return left.mode === right.mode && left.low === right.low && left.high === right.high
    ? left
    : null;
}

export function excursionOf(value: number | null, b: Band | null): Excursion | null {
  if (value === null || b === null) return null;
  if (value > b.high) return 'above';
  if (value < b.low) return 'below';
  return null;
}

export function roomValue(r: Reading, room: Room): number | null {
  if (room === 'left') return r.leftRmTem;
  if (room === 'right') return r.rightRmTem;
  return r.chambers?.[room] ?? null;
}

export interface RoomPoint {
  /** The reading, or the mean of the bucket's readings (one decimal). */
  value: number;
  min: number;
  max: number;
  /** Any reading in the point outside its band: above wins over below. */
  excursion: Excursion | null;
}

export interface TemperaturePoint {
  /** The reading's time, or the bucket's start. */
  at: number;
  readings: number;
  left: RoomPoint | null;
  right: RoomPoint | null;
  /** The band in force at the point's last reading. */
  leftBand: Band | null;
  rightBand: Band | null;
  /** The container's chambers (wh1…) with a reading in the point. */
  chambers: Record<string, RoomPoint>;
  /** The band the chambers are held in at the point's last reading (D71). */
  chamberBand: Band | null;
}

export interface Series {
  /** null: every reading is a point; else the width of a bucket in seconds. */
  bucketSeconds: number | null;
  points: TemperaturePoint[];
  /** Readings (not points) with a room outside its band. */
  excursions: number;
}

function roomPoint(rs: Reading[], room: Room): RoomPoint | null {
  let sum = 0;
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  let above = false;
  let below = false;
  for (const r of rs) {
    const v = roomValue(r, room);
    if (v === null) continue;
    sum += v;
    n++;
    min = Math.min(min, v);
    max = Math.max(max, v);
    const e = excursionOf(v, roomBand(r, room));
    above ||= e === 'above';
    below ||= e === 'below';
  }
  if (n === 0) return null;
  const value = Math.round((sum / n) * 10) / 10;
  return { value, min, max, excursion: above ? 'above' : below ? 'below' : null };
}

function point(at: number, rs: Reading[]): TemperaturePoint {
  const last = rs[rs.length - 1]!;
  const chambers: Record<string, RoomPoint> = {};
  const names = new Set(rs.flatMap((r) => (r.chambers ? Object.keys(r.chambers) : [])));
  for (const name of [...names].sort(byChamber)) {
    const p = roomPoint(rs, name);
    if (p) chambers[name] = p;
  }
  return {
    at,
    readings: rs.length,
    left: roomPoint(rs, 'left'),
    right: roomPoint(rs, 'right'),
    leftBand: roomBand(last, 'left'),
    rightBand: roomBand(last, 'right'),
    chambers,
    chamberBand: chamberBand(last),
  };
}

/**
 * At most `maxPoints` points for readings in [from, to] (sorted by time): every reading when
 * they fit, else fixed-width buckets from `from`, each the mean with its min, max and whether
 * any reading in it left the band, so that downsampling never hides an excursion. Empty buckets
 * are left out.
 */
export function downsample(
  readings: readonly Reading[],
  o: { from: number; to: number; maxPoints: number },
): Series {
  const inRange = readings.filter((r) => r.at >= o.from && r.at <= o.to);
  const excursions = inRange.filter((r) =>
    roomsOf(r).some((room) => excursionOf(roomValue(r, room), roomBand(r, room)) !== null),
  ).length;
  if (inRange.length <= o.maxPoints)
    return { bucketSeconds: null, points: inRange.map((r) => point(r.at, [r])), excursions };
  const bucketSeconds = Math.ceil((o.to - o.from + 1) / o.maxPoints);
  const buckets = new Map<number, Reading[]>();
  for (const r of inRange) {
    const i = Math.floor((r.at - o.from) / bucketSeconds);
    const b = buckets.get(i);
    if (b) b.push(r);
    else buckets.set(i, [r]);
  }
  const points = [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([i, rs]) => point(o.from + i * bucketSeconds, rs));
  return { bucketSeconds, points, excursions };
}
