import { TZDate } from '@date-fns/tz';
import { addDays, format } from 'date-fns';
import { roomBand, roomsOf, roomValue, type Reading, type Room } from '@/lib/fleet/temperature';

/**
 * The food-safety temperature record's arithmetic (D89), pure: readings are samples, and each
 * stands for the time until the next one, at most MAX_HOLD_S. Time past that without a reading
 * is "no data": counted apart, never as in band, and it ends an excursion.
 */
export const MAX_HOLD_S = 2 * 3600;
/** How far before the range readings are read: the state at its start, an excursion's start. */
export const LOOKBACK_S = 24 * 3600;

type State = 'in' | 'out' | null;

interface Segment {
  start: number;
  end: number;
  state: 'in' | 'out';
}

export interface Peak {
  /** °C, the reading furthest outside its band that day. */
  value: number;
  at: number;
  low: number;
  high: number;
}

export interface Excursion {
  /** The first reading out of band (may be on an earlier day). */
  start: number;
  end: number;
  minutes: number;
  /** It was already out of band at the first reading looked at (LOOKBACK_S before the range). */
  atLeast: boolean;
}

export interface DayRecord {
  /** The local day, yyyy-MM-dd, in the fleet's time zone. */
  day: string;
  room: Room;
  /** Readings of the room that day. */
  readings: number;
  minutesOut: number;
  /** Minutes of the day (up to now) no reading speaks for. */
  minutesNoData: number;
  peak: Peak | null;
  /** The longest excursion touching the day, whole (not cut at midnight). */
  longest: Excursion | null;
}

const minutes = (s: number) => Math.round(s / 60);

function stateOf(r: Reading, room: Room, tolerance: number): { state: State; by: number } {
  const band = roomBand(r, room);
  const v = roomValue(r, room);
  if (!band || v === null) return { state: null, by: 0 };
  const by = v > band.high ? v - band.high : v < band.low ? band.low - v : 0;
  return { state: by > tolerance ? 'out' : 'in', by };
}

/** Local day starts (epoch seconds) from `first` to `last` (yyyy-MM-dd, inclusive), and the end. */
export function dayBounds(first: string, last: string, timeZone: string) {
  const [y, m, d] = first.split('-').map(Number) as [number, number, number];
  const starts: { day: string; start: number; end: number }[] = [];
  let at = new TZDate(y, m - 1, d, timeZone);
  for (let i = 0; i < 400; i++) {
    const day = format(at, 'yyyy-MM-dd');
    if (day > last) break;
    const next = addDays(at, 1);
    starts.push({ day, start: at.getTime() / 1000, end: next.getTime() / 1000 });
    at = next;
  }
  return starts;
}

const overlap = (a0: number, a1: number, b0: number, b1: number) =>
  Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/**
 * One container's record per room and local day. `readings` oldest first, from LOOKBACK_S
 * before the first day; `now` bounds the last reading's hold (today is not over).
 */
export function containerRecord(
  readings: readonly Reading[],
  o: { days: { day: string; start: number; end: number }[]; tolerance: number; now: number },
): DayRecord[] {
  if (!o.days.length) return [];
  const from = o.days[0]!.start;
  const to = Math.min(o.days.at(-1)!.end, o.now);
  const rooms = new Set<Room>();
  for (const r of readings)
    if (r.at >= from && r.at < to)
      for (const room of roomsOf(r)) if (roomValue(r, room) !== null) rooms.add(room);
  const days = o.days.filter((d) => d.start < to);
  const out: DayRecord[] = [];
  for (const room of [...rooms]) out.push(...roomRecord(readings, room, { ...o, days }, to));
  return out;
}

function roomRecord(
  readings: readonly Reading[],
  room: Room,
  o: { days: { day: string; start: number; end: number }[]; tolerance: number },
  to: number,
): DayRecord[] {
  const segments: Segment[] = [];
  const excursions: Excursion[] = [];
  let open: Excursion | null = null;
  const close = () => {
    if (open) excursions.push({ ...open, minutes: minutes(open.end - open.start) });
    open = null;
  };
  const first = readings.find((r) => roomValue(r, room) !== null);
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i]!;
    if (r.at >= to) break;
    const { state } = stateOf(r, room, o.tolerance);
    const next = readings[i + 1]?.at ?? Infinity;
    const end = Math.min(next, r.at + MAX_HOLD_S, to);
    if (state === 'out') {
      if (open && open.end < r.at) close();
      open ??= { start: r.at, end, minutes: 0, atLeast: r === first };
      open.end = end;
    } else close();
    if (state && end > r.at) segments.push({ start: r.at, end, state });
  }
  close();

  // Days before the room's first reading are not its record (a machine installed today).
  const since = first?.at ?? Infinity;
  return o.days
    .filter((d) => d.end > since)
    .map(({ day, start, end }) => {
      const dayEnd = Math.min(end, to);
      let outS = 0;
      let covered = 0;
      for (const s of segments) {
        const x = overlap(s.start, s.end, start, dayEnd);
        covered += x;
        if (s.state === 'out') outS += x;
      }
      let peak: Peak | null = null;
      let worst = 0;
      let count = 0;
      for (const r of readings) {
        if (r.at < start || r.at >= dayEnd) continue;
        const v = roomValue(r, room);
        if (v === null) continue;
        count++;
        const { state, by } = stateOf(r, room, o.tolerance);
        const band = roomBand(r, room)!;
        if (state === 'out' && by > worst) {
          worst = by;
          peak = { value: v, at: r.at, low: band.low, high: band.high };
        }
      }
      let longest: Excursion | null = null;
      for (const x of excursions)
        if (
          x.start < dayEnd &&
          x.end > start &&
          (!longest || x.end - x.start > longest.end - longest.start)
        )
          longest = x;
      return {
        day,
        room,
        readings: count,
        minutesOut: minutes(outS),
        minutesNoData: minutes(Math.max(0, dayEnd - start) - covered),
        peak,
        longest,
      };
    });
}
