import { roomBand, roomsOf, roomValue, type Band, type Reading, type Room } from './temperature';

export interface RoomExcursion extends Band {
  room: Room;
  temperature: number;
}

/**
 * The rooms (and chambers) of a reading more than `tolerance` degrees outside their band (the band rule is
 * lib/fleet/temperature.ts's, shared with the machine page's chart): the overview's alerts.
 */
export function excursions(r: Reading, tolerance = 0): RoomExcursion[] {
  const out: RoomExcursion[] = [];
  for (const room of roomsOf(r)) {
    const band = roomBand(r, room);
    const temperature = roomValue(r, room);
    if (!band || temperature === null) continue;
    if (temperature > band.high + tolerance || temperature < band.low - tolerance)
      out.push({ room, temperature, ...band });
  }
  return out;
}

/** How long a room has been out of band: since its first reading of this run, and its peak. */
export interface ExcursionRun {
  /** The first reading of the run (the one after the last reading in band). */
  since: number;
  /** The reading furthest outside the band during the run, °C. */
  peak: number;
  /**
   * True when every reading looked at was out of band: the run began at or before `since`
   * (the look-back's bound), not exactly then.
   */
  atLeast: boolean;
}

const outside = (r: Reading, room: Room, tolerance: number) => {
  const band = roomBand(r, room);
  const v = roomValue(r, room);
  if (!band || v === null) return null;
  return v > band.high + tolerance || v < band.low - tolerance ? { v, band } : null;
};

/**
 * The run of out-of-band readings a room is in (D81): `readings` newest first, the first of
 * them out of band. The run ends, going back, at the first reading in band (or without a value
 * or a band: no reading is not an excursion). Not the latest reading's time: a warm fridge has
 * been warm since its first warm reading.
 */
export function excursionRun(
  readings: readonly Reading[],
  room: Room,
  tolerance = 0,
): ExcursionRun | null {
  let run: ExcursionRun | null = null;
  let worst = -Infinity;
  for (const r of readings) {
    const x = outside(r, room, tolerance);
    if (!x) return run && { ...run, atLeast: false };
    const by = x.v > x.band.high ? x.v - x.band.high : x.band.low - x.v;
    if (by > worst) worst = by;
    run = { since: r.at, peak: by === worst ? x.v : run!.peak, atLeast: true };
  }
  return run;
}
