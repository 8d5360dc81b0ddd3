import { parseQuery, route } from '@/lib/edge/request';
import { readJsonResponse } from '@/lib/reads';
import { assertRangeLimit, endingByNow, statisticQuerySchema } from '@/lib/sales/filters';

/**
 * §5.1's statistic for the selection as a whole and per asset, from the rollups. Items are the
 * assets asked for, or every machine the area/line/site selects (all of them without one), by
 * assetId, `limit` at a time from `offset`; an asset that sold nothing has zeros. The range
 * ends at now at the latest (D81): its `endTime` says so.
 */
export const GET = route((request) => {
  const p = parseQuery(request, statisticQuerySchema);
  assertRangeLimit(p);
  return readJsonResponse('salesStatistic', endingByNow(p), request.signal);
});
