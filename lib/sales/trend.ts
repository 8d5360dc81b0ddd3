import 'server-only';
import { TZDate } from '@date-fns/tz';
import { startOfDay, subDays, subWeeks } from 'date-fns';
import type { DbOrTx } from '@/db/client';
import type { SalesScope } from '@/db/queries/sales';
import { aggregate } from './aggregate';

/** The whole fleet's sales, game prizes left out: the overview's "today" (D5). */
const FLEET: SalesScope = { assets: null, goods: null, pays: null, prizes: 'exclude' };
const sec = (d: Date) => Math.floor(d.getTime() / 1000);

/** Net sales per local period over [from, to], every period listed (zero where nothing sold). */
async function series(
  db: DbOrTx,
  from: number,
  to: number,
  unit: 'hour' | 'day',
  timeZone: string,
) {
  const { rows, periods } = await aggregate(db, {
    startTime: from,
    endTime: to,
    scope: FLEET,
    by: [],
    timeline: unit,
    timeZone,
  });
  const net = new Map(rows.map((r) => [r.period, r.gross - r.refunds]));
  return periods.map((start) => ({ start, net: net.get(start) ?? 0 }));
}

/**
 * The overview's sales trend (D81): today by hour up to now against the same weekday last
 * week (its whole day, so the reader sees what the rest of today may bring), and the last 30
 * days by day up to now. Bounded: 24 + 24 + 30 periods, read from the rollups.
 */
export async function salesTrend(db: DbOrTx, now: number, timeZone: string) {
  const day = startOfDay(new TZDate(now * 1000, timeZone));
  const today = sec(day);
  const weekAgo = sec(subWeeks(day, 1));
  const weekAgoEnd = sec(subWeeks(subDays(day, -1), 1)) - 1;
  const hours = await series(db, today, now, 'hour', timeZone);
  const lastWeek = await series(db, weekAgo, weekAgoEnd, 'hour', timeZone);
  return {
    /** Today's hours so far (the current one partly), with the same hour a week before. */
    hours: lastWeek.map((w, i) => ({
      start: hours[i]?.start ?? today + (w.start - weekAgo),
      today: hours[i]?.net ?? null,
      lastWeek: w.net,
    })),
    days: await series(db, sec(subDays(day, 29)), now, 'day', timeZone),
  };
}
export type SalesTrend = Awaited<ReturnType<typeof salesTrend>>;
