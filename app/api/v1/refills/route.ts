import { getDb } from '@/db/client';
import { parseQuery, route } from '@/lib/api/request';
import { getConfig } from '@/lib/config';
import { csvResponse } from '@/lib/csv';
import { getI18n } from '@/lib/i18n/server';
import { visitListCsv } from '@/lib/refills/csv';
import { visitListQuery } from '@/lib/refills/schemas';
import { visitList, type VisitItem } from '@/lib/refills/visits';
import type { Translate } from '@/lib/sales/csv';

/** How many visits a CSV export holds at most. */
const MAX_EXPORT = 5000;

/**
 * Refill visits (§8.1 settlements, pushed or recovered through §8.2), newest first, each with
 * what it reported, what our trades expected and the verdict. `format=csv` exports every
 * matching visit (up to MAX_EXPORT) instead of one page.
 */
export const GET = route(async (request) => {
  const { limit, offset, format, ...filters } = parseQuery(request, visitListQuery);
  const db = getDb();
  if (format === 'json') return Response.json(visitList(db, filters, { limit, offset }));
  const items: VisitItem[] = [];
  let next: number | null = 0;
  while (next !== null && items.length < MAX_EXPORT) {
    const page = visitList(db, filters, {
      limit: Math.min(500, MAX_EXPORT - items.length),
      offset: next,
    });
    items.push(...page.items);
    next = page.nextOffset;
  }
  const { t } = await getI18n();
  const tz = getConfig().FLEET_TIME_ZONE;
  return csvResponse(visitListCsv(items, t as unknown as Translate, tz), 'refill-visits.csv');
});
