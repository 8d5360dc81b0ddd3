import 'server-only';
import { TZDate } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, format, startOfDay } from 'date-fns';
import type { DbOrTx } from '@/db/client';
import { lineRows } from '@/db/queries/planning';
import { lineMachineIds, machineLabels } from '@/db/queries/pick-sheet';
import { ApiError } from '@/lib/edge/errors';
import { zoneOffset } from '@/lib/forecast/week';
import { forecastMachines, type PlanShelf } from './forecast-figures';
import { suggestRouteDay, type MachineOutlook, type RouteDayMachine } from './route-day';
import { MAX_ROUTE_DAY_AHEAD, MAX_STOPS } from './sheet-limits';

export interface RouteDayParams {
  id: number;
  /** YYYY-MM-DD in the fleet's time zone; default tomorrow. */
  date?: string;
  stops?: number;
  intervalDays: number;
}

const sec = (d: Date) => Math.floor(d.getTime() / 1000);
const ymd = (d: Date) => format(d, 'yyyy-MM-dd');

/** Without a number of stops: half the line's machines, rounded up (a van every other day). */
export const defaultStops = (machines: number) =>
  Math.min(MAX_STOPS, Math.max(1, Math.ceil(machines / 2)));

/**
 * When the route day's visit is counted: the route day at this time of day (so tomorrow's is
 * the same time tomorrow, the refill priority's next possible visit), and the visit after it
 * `intervalDays` later, in the fleet's time zone. A date before today or more than two weeks
 * ahead is refused (422).
 */
export function routeDayTimes(
  p: { date?: string; intervalDays: number },
  o: { now: number; timeZone: string },
) {
  const today = startOfDay(new TZDate(o.now * 1000, o.timeZone));
  let day = addDays(today, 1);
  if (p.date) {
    const [y, m, d] = p.date.split('-').map(Number) as [number, number, number];
    day = new TZDate(y, m - 1, d, o.timeZone);
  }
  const ahead = differenceInCalendarDays(day, today);
  if (ahead < 0 || ahead > MAX_ROUTE_DAY_AHEAD)
    throw new ApiError(
      'UNPROCESSABLE',
      `date: a route day is from ${ymd(today)} to ${ymd(addDays(today, MAX_ROUTE_DAY_AHEAD))}`,
    );
  const visitAt = Math.max(o.now, sec(day) + (o.now - sec(today)));
  const nextVisitAt = sec(addDays(new TZDate(visitAt * 1000, o.timeZone), p.intervalDays));
  const range = { firstDate: ymd(today), lastDate: ymd(addDays(today, MAX_ROUTE_DAY_AHEAD)) };
  return { date: ymd(day), visitAt, nextVisitAt, ...range };
}

/**
 * A line's route day (GET /api/v1/lines/{id}/route-day, D95): `suggestRouteDay` over the
 * forecast of the line's machines, each stop and each uncovered machine with the shelf that
 * empties first, in units. Null when there is no such line.
 */
export async function routeDayOf(
  db: DbOrTx,
  p: RouteDayParams,
  o: { now: number; timeZone: string },
) {
  const [line] = await lineRows(db, p.id);
  if (!line) return null;
  const { date, visitAt, nextVisitAt, firstDate, lastDate } = routeDayTimes(p, o);
  const ids = await lineMachineIds(db, [p.id]);
  const labels = new Map((await machineLabels(db, ids)).map((m) => [m.assetId, m]));
  const stops = p.stops ?? defaultStops(ids.length);
  const machines = await forecastMachines(db, { lineId: p.id }, o.now);
  const day = suggestRouteDay({
    machines,
    now: o.now,
    visitAt,
    nextVisitAt,
    stops,
    offset: zoneOffset(o.timeZone, o.now),
  });
  const view = (m: MachineOutlook<RouteDayMachine<PlanShelf>>) => {
    const label = labels.get(m.machine.assetId);
    const first = m.first;
    return {
      assetId: m.machine.assetId,
      name: label?.name ?? null,
      siteName: label?.siteName ?? null,
      soldOutAt: m.soldOutAt,
      lostUnits: m.lostUnits,
      savedUnits: m.savedUnits,
      shelvesEmptyBeforeNext: m.emptyBeforeNext.length,
      first: first && {
        cid: first.shelf.cid,
        locationId: first.shelf.locationId,
        goodsId: first.shelf.goodsId,
        goodsName: first.shelf.goodsName,
        at: first.at,
      },
    };
  };
  // A machine something can be predicted of: a shelf with a known stock and a rate.
  const withForecast = new Set(
    machines
      .filter((m) => m.shelves.some((s) => s.unitsPerDay !== null && s.stock !== null))
      .map((m) => m.assetId),
  );
  return {
    lineId: line.id,
    lineName: line.name,
    date,
    /** The days a route day may be planned for. */
    firstDate,
    lastDate,
    timeZone: o.timeZone,
    asOf: o.now,
    visitAt,
    nextVisitAt,
    intervalDays: p.intervalDays,
    stops,
    machineCount: ids.length,
    mustCount: day.mustCount,
    noForecast: ids.filter((a) => !withForecast.has(a)).length,
    items: day.stops.map((s) => ({ order: s.order, optional: s.optional, ...view(s) })),
    uncovered: day.uncovered.map(view),
  };
}

export type RouteDayAnswer = NonNullable<Awaited<ReturnType<typeof routeDayOf>>>;
