import { parseQuery, route } from '@/lib/edge/request';
import { alertListQuery } from '@/lib/alerts/schemas';
import { readJsonResponse } from '@/lib/reads';

/**
 * Alerts, newest first, filtered by state, kind, machine, line and snooze, a page at a time
 * (a keyset cursor over when they started and their id, so new alerts never shift a page).
 */
export const GET = route(async (request) => {
  const { line, cursor, ...q } = parseQuery(request, alertListQuery);
  return readJsonResponse('alerts', { ...q, lineId: line, after: cursor }, request.signal);
});
