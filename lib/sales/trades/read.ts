import 'server-only';
import type { Db } from '@/db/client';
import {
  coveringVisits,
  listTrades,
  machineNames,
  parseTradeCursor,
  visitWindow,
  type TradeListParams,
  type TradeRow,
} from '@/db/queries/trades';
import { ApiError } from '@/lib/edge/errors';
import { tradeView } from '@/lib/fleet/views';
import type { Translate } from '@/lib/sales/labels';
import { tradeCsvHead, tradeCsvLine } from './csv';
import { MAX_TRADE_EXPORT_ROWS } from './search';

/** The trades read's parameters: the list's, and a refill visit whose window they keep to. */
export type TradeSearchParams = TradeListParams & { refillId?: number };

/** A visit's machine and window added to the filters (both kept: a different machine is none). */
async function withVisit(db: Db, p: TradeSearchParams): Promise<TradeListParams[]> {
  if (p.refillId === undefined) return [p];
  const w = await visitWindow(db, p.refillId);
  if (!w) throw new ApiError('NOT_FOUND', `refill visit ${p.refillId} does not exist`);
  if (p.assetId !== undefined && p.assetId !== w.assetId) return [];
  return [
    {
      ...p,
      assetId: w.assetId,
      startTime: Math.max(p.startTime ?? 0, w.startTime),
      endTime: Math.min(p.endTime ?? Number.MAX_SAFE_INTEGER, w.endTime),
    },
  ];
}

const timeOf = (t: TradeRow) => (t.payTime === null ? t.createTime : t.payTime);

/** Each trade as the API shows it, with its machine's name and the refill visit covering it. */
async function view(db: Db, rows: TradeRow[], withVisits = true) {
  const names = await machineNames(
    db,
    rows.map((r) => r.assetId),
  );
  const visits = withVisits
    ? await coveringVisits(
        db,
        rows.map((r) => ({ id: r.id, assetId: r.assetId, time: timeOf(r) })),
      )
    : new Map<number, number>();
  return rows.map((r) => ({
    ...tradeView(r),
    machineName: names.get(r.assetId) ?? null,
    refillVisitId: visits.get(r.id) ?? null,
  }));
}

export type TradeListItem = Awaited<ReturnType<typeof view>>[number];

/** One page of the trade search (GET /api/v1/trades). */
export async function tradePage(db: Db, p: TradeSearchParams) {
  const [params] = await withVisit(db, p);
  if (!params) return { items: [], nextCursor: null };
  const { items, nextCursor } = await listTrades(db, params);
  return { items: await view(db, items), nextCursor };
}

/**
 * The whole selection as CSV, page by page. The route has bounded the range (31 days, or one
 * number or visit); a selection past MAX_TRADE_EXPORT_ROWS is refused rather than cut short.
 */
export async function tradesCsv(db: Db, p: TradeSearchParams, t: Translate, timeZone: string) {
  let out = tradeCsvHead(t);
  const [params] = await withVisit(db, p);
  if (!params) return out;
  let cursor = params.cursor;
  let count = 0;
  do {
    const page = await listTrades(db, { ...params, cursor, limit: 1000 });
    count += page.items.length;
    if (count > MAX_TRADE_EXPORT_ROWS)
      throw new ApiError(
        'RANGE_TOO_LONG',
        `the selection holds more than ${MAX_TRADE_EXPORT_ROWS} trades: choose a shorter range or more filters`,
      );
    // The CSV names no visit: no lookups for it.
    for (const r of await view(db, page.items, false)) out += tradeCsvLine(r, t, timeZone);
    cursor = page.nextCursor ? parseTradeCursor(page.nextCursor) : undefined;
  } while (cursor);
  return out;
}
