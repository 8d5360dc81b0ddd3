import { z } from 'zod';
import { getDb } from '@/db/client';
import { listPickupCodes } from '@/db/queries/pickup';
import { parseQuery, route } from '@/lib/api/request';
import { pickupListFilters } from '@/lib/pickup/schemas';
import { csvHeader, csvRow, pickupCodeView } from '@/lib/pickup/views';

const query = z.object(pickupListFilters);
const PAGE = 1000;

/** Every code matching the filters as CSV, newest first, read a page at a time. */
export const GET = route((request) => {
  const filters = parseQuery(request, query);
  const now = Math.floor(Date.now() / 1000);
  const db = getDb();
  const encoder = new TextEncoder();
  let cursor: number | undefined;
  let done = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvHeader()));
    },
    pull(controller) {
      if (done) return controller.close();
      const page = listPickupCodes(db, { ...filters, now, limit: PAGE, cursor });
      controller.enqueue(
        encoder.encode(page.items.map((r) => csvRow(pickupCodeView(r, now))).join('')),
      );
      if (page.nextCursor === null) done = true;
      else cursor = Number(page.nextCursor);
    },
  });
  const date = new Date(now * 1000).toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="pickup-codes-${date}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
