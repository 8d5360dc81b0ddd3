import 'server-only';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { eventsOf, setGoodsStock } from '@/db/queries/cabinets';
import type { Caller } from '@/lib/edge/caller';
import { ApiError } from '@/lib/edge/errors';
import { audit } from '@/lib/admin/audit';
import { saasClient } from '@/lib/platforms/saas';
import { actorOf, nowSeconds, orderOrThrow, requireState, upstreamError } from './operator';
import { addEvent, derive } from './orders';
import type { RestockLine } from './state';

/** §7: confirms a recognised restock (possibly corrected lines) and keeps the stock it sets. */
export async function confirmRestock(
  db: Db,
  caller: Caller,
  orderId: string,
  lines?: {
    commodityId: string;
    layerNo: number;
    spotCount: number;
    stockCount: number;
    sno?: number;
  }[],
) {
  const order = await orderOrThrow(db, orderId);
  if (order.type !== 'restock') throw new ApiError('CONFLICT', `order ${orderId} is not a restock`);
  requireState(order, ['recognised', 'settled'], 'confirm it');
  const d = derive(order, await eventsOf(db, [orderId]), nowSeconds());
  if (!d.restock) throw new ApiError('CONFLICT', `order ${orderId} has no recognised restock`);
  const restock = d.restock;
  const chosen: RestockLine[] = lines
    ? lines.map((l, i) => {
        const known = restock.lines.find((x) => x.id === l.commodityId && x.layerNo === l.layerNo);
        return {
          ...(known ?? {
            id: l.commodityId,
            name: l.commodityId,
            count: l.spotCount,
            meterType: 1,
            price: 0,
            amount: 0,
            pictureUrl: null,
          }),
          layerNo: l.layerNo,
          spotCount: l.spotCount,
          stockCount: l.stockCount,
          sno: l.sno ?? known?.sno ?? i + 1,
        };
      })
    : restock.lines;
  let result: { ok: boolean; message: string };
  try {
    result = await saasClient().confirmRestock({
      machineId: order.machineId,
      transId: restock.transId,
      trackingId: restock.trackingId,
      doorNo: restock.doorNo,
      lines: chosen.map((l) => ({
        commodityId: l.id,
        layerNo: l.layerNo,
        spotCount: l.spotCount,
        stockCount: l.stockCount,
        sno: l.sno,
      })),
    });
  } catch (e) {
    upstreamError(e);
  }
  if (!result.ok) throw new ApiError('UNPROCESSABLE', `Repli/Confirm refused: ${result.message}`);
  const now = nowSeconds();
  const stock = new Map<string, number>();
  for (const l of chosen) stock.set(l.id, (stock.get(l.id) ?? 0) + l.stockCount);
  return inTransaction(db, async () => {
    for (const [commodityId, count] of stock)
      await setGoodsStock(
        db,
        { machineId: order.machineId, doorNo: restock.doorNo, commodityId },
        count,
        now,
      );
    const after = (await addEvent(
      db,
      orderId,
      { kind: 'operator', action: 'confirm_restock', status: true, msg: result.message },
      { lines: chosen },
      now,
      actorOf(caller),
    ))!;
    await audit(db, caller, {
      action: 'cabinet.confirm_restock',
      targetKind: 'cabinet_order',
      targetId: orderId,
      after: {
        lines: chosen.map((l) => ({
          commodityId: l.id,
          layerNo: l.layerNo,
          spotCount: l.spotCount,
          stockCount: l.stockCount,
        })),
      },
    });
    return { orderId, state: after.state };
  });
}
