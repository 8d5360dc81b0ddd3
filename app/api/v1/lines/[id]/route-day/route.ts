import { positiveId } from '@/lib/edge/params';
import { parseParam, parseQuery, route } from '@/lib/edge/request';
import { readJsonResponse } from '@/lib/reads';
import { routeDayParams } from '@/lib/planning/schemas';

/**
 * `?date=YYYY-MM-DD&stops=N&intervalDays=N` → the line's route day (D95): the machines to visit
 * so that none is predicted empty before the visit after it, most urgent first, within the stops;
 * those that do not fit, with their predicted sold-out times.
 */
export const GET = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const id = parseParam((await params).id, positiveId, 'line');
  const query = parseQuery(request, routeDayParams);
  return readJsonResponse('routeDay', { id, ...query }, request.signal, `line ${id}`);
});
