import { parseArgs } from 'node:util';
import { closeDb, startDb } from '@/lib/db';
import { getConfig } from '@/lib/config';
import { refitDemand } from '@/lib/forecast/job';
import { shelfForecasts } from '@/lib/forecast/shelves';

/**
 * `npm run forecast:fit [-- --now EPOCH_S]`: refits demand per shelf in DATABASE_URL now (a
 * running server refits on its own every FORECAST_FIT_MIN; this is for after an import, or a
 * database copied from elsewhere), and says how long the fit and a fleet-wide forecast took.
 * `--now` fits as of another time (a database whose history ends in the past).
 */
const { values } = parseArgs({ options: { now: { type: 'string' } } });
const config = getConfig();
const now = values.now ? Number(values.now) : Math.floor(Date.now() / 1000);
if (!Number.isInteger(now) || now <= 0) {
  console.error(`--now must be epoch seconds, got ${values.now}`);
  process.exit(2);
}
const db = await startDb();
const t0 = performance.now();
const fit = await refitDemand(db, {
  now,
  windowDays: config.FORECAST_WINDOW_DAYS,
  timeZone: config.FLEET_TIME_ZONE,
});
const fitted = performance.now() - t0;
const shelves = fit.machines.reduce((n, m) => n + m.shelves.length, 0);
const t1 = performance.now();
const forecasts = await shelfForecasts(db, { fleet: true }, now);
const read = performance.now() - t1;
const predicted = forecasts.filter((s) => s.predictedSoldOutAt !== null).length;
await closeDb();
console.log(
  `fitted ${fit.machines.length} machines, ${shelves} shelves over ${config.FORECAST_WINDOW_DAYS} days in ${(fitted / 1000).toFixed(1)} s; ` +
    `fleet-wide forecast of ${forecasts.length} shelves (${predicted} with a sold-out time) in ${read.toFixed(0)} ms`,
);
