import 'server-only';
import { noteMachineChanged } from '@/lib/alerts/changed';
import { touchMachine, type IngestContext } from './context';
import type { RefillContent } from '@/lib/ingest/push/refill-schema';
import { upsertRefill } from '@/db/queries/refills';

/**
 * §8.1 pushes and §8.2 recovered messages share this projection. A settlement whose refillTime
 * cannot be a time is kept at the time we received it (as status pushes are, D6; D62).
 */
export async function projectRefill(
  ctx: IngestContext,
  m: RefillContent,
  source: 'push' | 'pull' = 'push',
) {
  await touchMachine(ctx, m.assetId);
  noteMachineChanged(m.assetId); // a planogram or a restock: what shelves' alerts watch
  return await upsertRefill(ctx.db, {
    assetId: m.assetId,
    siteName: m.siteName,
    siteNumber: m.siteNumber,
    lineName: m.lineName,
    lastRefillTime: m.lastRefillTime,
    refillTime: m.refillTime ?? ctx.receivedAt,
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
