import { z } from 'zod';
import { getDb } from '@/lib/db';
import { listPickupCodes } from '@/db/queries/pickup';
import { parseQuery, route } from '@/lib/edge/request';
import { csvResponse } from '@/lib/edge/csv';
import { getI18n } from '@/lib/i18n/server';
import type { Translate } from '@/lib/sales/csv';
import { pickupListFilters } from '@/lib/pickup/schemas';
import { csvHeader, csvRow, pickupCodeView } from '@/lib/pickup/views';

const query = z.object(pickupListFilters);
const PAGE = 1000;

/** Every code matching the filters as CSV, newest first, read a page at a time. */
export const GET = route(async (request) => {
  const filters = parseQuery(request, query);
  // Headed and worded in the reader's language, like the page (issue 18).
  const i18n = await getI18n();
  const t = i18n.t as unknown as Translate;
  const { timeZone } = i18n;
  const now = Math.floor(Date.now() / 1000);
  const db = getDb();
  let cursor: number | undefined;
  let header = true;
  let done = false;
  const date = new Date(now * 1000).toISOString().slice(0, 10);
  return csvResponse(async () => {
    if (header) {
      header = false;
      return csvHeader(t);
    }
    if (done) return null;
    const page = await listPickupCodes(db, { ...filters, now, limit: PAGE, cursor });
    if (page.nextCursor === null) done = true;
    else cursor = Number(page.nextCursor);
    return page.items.map((r) => csvRow(pickupCodeView(r, now), t, timeZone)).join('');
  }, `pickup-codes-${date}.csv`);
});
