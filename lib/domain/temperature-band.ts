/**
 * A room's band (seed 000 §4.1 temperDetail): while it cools (`xRmRef` 1) it should stay within
 * [cryTemDL, cryTemUL]; while it heats (`xRmHeat` 1), within [heatTemDL, heatTemUL]. A room
 * doing neither has no band. Degrees Celsius, whole numbers, as the platform sends them.
 */
export interface Reading {
  cryTemUL: number | null;
  cryTemDL: number | null;
  heatTemUL: number | null;
  heatTemDL: number | null;
  leftRmTem: number | null;
  rightRmTem: number | null;
  leftRmRef: number | null;
  rightRmRef: number | null;
  leftRmHeat: number | null;
  rightRmHeat: number | null;
}

export type Room = 'left' | 'right';

export interface Band {
  mode: 'cooling' | 'heating';
  low: number;
  high: number;
}

export interface Excursion extends Band {
  room: Room;
  temperature: number;
}

export function bandOf(r: Reading, room: Room): Band | null {
  const cooling = room === 'left' ? r.leftRmRef : r.rightRmRef;
  const heating = room === 'left' ? r.leftRmHeat : r.rightRmHeat;
  if (cooling === 1 && r.cryTemDL !== null && r.cryTemUL !== null)
    return { mode: 'cooling', low: r.cryTemDL, high: r.cryTemUL };
  if (heating === 1 && r.heatTemDL !== null && r.heatTemUL !== null)
    return { mode: 'heating', low: r.heatTemDL, high: r.heatTemUL };
  return null;
}

/** The rooms whose temperature is more than `tolerance` degrees outside their band. */
export function excursions(r: Reading, tolerance = 0): Excursion[] {
  const out: Excursion[] = [];
  for (const room of ['left', 'right'] as const) {
    const band = bandOf(r, room);
    const temperature = room === 'left' ? r.leftRmTem : r.rightRmTem;
    if (!band || temperature === null) continue;
    if (temperature > band.high + tolerance || temperature < band.low - tolerance)
      out.push({ room, temperature, ...band });
  }
  return out;
}
