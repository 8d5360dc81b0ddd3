import { getDb } from '@/db/client';
import { machinesInScope } from '@/db/queries/sales';
import { parseQuery, route } from '@/lib/api/request';
import { getConfig } from '@/lib/config';
import { statisticQuerySchema } from '@/lib/sales/filters';
import { selectedAssets } from '@/lib/sales/report';
import { salesStatistic, totalStatistic } from '@/lib/stats';

/**
 * §5.1's statistic for the selection as a whole and per asset, from the rollups. Items are the
 * assets asked for, or every machine the area/line/site selects (all of them without one), by
 * assetId, `limit` at a time from `offset`; an asset that sold nothing has zeros.
 */
export const GET = route((request) => {
  const p = parseQuery(request, statisticQuerySchema);
  const db = getDb();
  const timeZone = getConfig().FLEET_TIME_ZONE;
  const assets = selectedAssets(db, p);
  const all = assets ?? machinesInScope(db, {}).map((m) => m.assetId);
  const page = all.slice(p.offset, p.offset + p.limit);
  const range = { startTime: p.startTime, endTime: p.endTime };
  const filters = { ...range, goodsIds: p.goodsIds, payStyles: p.payStyles, timeZone };
  return Response.json({
    ...range,
    total: { ...range, assets: all.length, ...totalStatistic(db, { ...filters, assets }) },
    items: page.length ? salesStatistic(db, { ...filters, assetIds: page }) : [],
    nextOffset: p.offset + p.limit < all.length ? p.offset + p.limit : null,
  });
});
