import { touchMachine, type IngestContext } from './context';
import type { RefillContent } from '@/lib/notify/schemas';
import { upsertRefill } from '@/db/queries/refills';

/** §8.1 pushes and §8.2 recovered messages share this projection. */
export function projectRefill(
  ctx: IngestContext,
  m: RefillContent,
  source: 'push' | 'pull' = 'push',
) {
  touchMachine(ctx, m.assetId);
  return upsertRefill(ctx.db, {
    assetId: m.assetId,
    siteName: m.siteName,
    siteNumber: m.siteNumber,
    lineName: m.lineName,
    lastRefillTime: m.lastRefillTime,
    refillTime: m.refillTime,
    source,
    inboxId: source === 'push' ? ctx.inboxId : undefined,
    receivedAt: ctx.receivedAt,
    paySales: (m.paySales ?? []).map(({ name, sales, units }) => ({ name, sales, units })),
    shelves: (m.shelfPaySales ?? []).map((s) => ({
      cid: s.cid,
      locationId: s.locationId,
      goodsId: s.goodsId,
      goodsName: s.goodsName,
      goodsNumber: s.goodsNumber,
      price: s.price,
      stock: s.stock,
      refillCount: s.refillCount,
      paySales: (s.paySales ?? []).map(({ name, sales, units }) => ({ name, sales, units })),
    })),
  });
}
