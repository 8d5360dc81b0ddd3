import { getDb } from '@/lib/db';
import { route } from '@/lib/edge/request';
import { getConfig } from '@/lib/config';
import { refitOnce } from '@/lib/forecast/job';
import { readValue } from '@/lib/reads';

/**
 * Refits demand per shelf now (after an import, or a planogram change): read and fitted on a
 * reader thread, then stored; a fit already running is joined, not repeated. Answers the fit.
 */
export const POST = route(async () => {
  const windowDays = getConfig().FORECAST_WINDOW_DAYS;
  const fit = await refitOnce(
    getDb,
    (now) => readValue('demandFit', { now, windowDays }),
    Math.floor(Date.now() / 1000),
  );
  return Response.json({ fit });
});
