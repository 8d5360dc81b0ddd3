import { roomBand, roomsOf, roomValue, type Band, type Reading, type Room } from './temperature';

export interface RoomExcursion extends Band {
  room: Room;
  temperature: number;
}

/**
 * The rooms (and chambers) of a reading more than `tolerance` degrees outside their band (the band rule is
 * lib/domain/temperature.ts's, shared with the machine page's chart): the overview's alerts.
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
