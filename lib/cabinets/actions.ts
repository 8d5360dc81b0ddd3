import 'server-only';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { cabinetGoodsOf, getCabinet, insertCabinetOrder } from '@/db/queries/cabinets';
import type { CabinetOrderType } from '@/db/schema';
import type { Caller } from '@/lib/edge/caller';
import { ApiError } from '@/lib/edge/errors';
import { audit } from '@/lib/admin/audit';
import { getConfig } from '@/lib/config';
import { saasCredentials } from '@/lib/settings/credentials';
import { saasClient, SaasError } from '@/lib/platforms/saas';
import { lineAmount } from '@/lib/platforms/saas/money';
import { actorOf, nowSeconds, operatorAction, orderOrThrow, requireState } from './operator';
import { addEvent, newCallbackToken, newOrderId, notifyUrl, sha256 } from './orders';
import type { Item } from './state';

/**
 * §5/§6: creates the order (so a fast callback finds it), then asks the platform to open the
 * door with a NotifyUrl carrying the order's token, then records the answer.
 */
export async function openCabinetDoor(
  db: Db,
  caller: Caller,
  input: { machineId: string; doorNo: number; type: CabinetOrderType; customerDetails?: string },
  origin: string,
) {
  if (!(await saasCredentials()))
    throw new ApiError('CONFLICT', 'the SAAS OpenApi is not configured (Settings or SAAS_*)');
  const cabinet = await getCabinet(db, input.machineId);
  if (!cabinet)
    throw new ApiError('UNPROCESSABLE', `machineId: ${input.machineId} is not a known cabinet`);
  const now = nowSeconds();
  const orderId = newOrderId(now);
  const token = newCallbackToken();
  const base = getConfig().APP_URL ?? origin;
  await inTransaction(db, async () => {
    await insertCabinetOrder(db, {
      orderId,
      tokenHash: sha256(token),
      machineId: input.machineId,
      doorNo: input.doorNo,
      type: input.type,
      state: 'requested',
      customerDetails: input.customerDetails ?? null,
      currency: cabinet.currency,
      createdAt: now,
      createdBy: actorOf(caller),
      updatedAt: now,
    });
    await audit(db, caller, {
      action: 'cabinet.open_door',
      targetKind: 'cabinet_order',
      targetId: orderId,
      after: input,
    });
  });
  let answer: { accepted: boolean; msg: string; orderNo: string | null } | null = null;
  let problem: string | null = null;
  try {
    answer = await saasClient().openDoor({
      orderId,
      machineId: input.machineId,
      doorNo: input.doorNo,
      type: input.type,
      customerDetails: input.customerDetails,
      notifyUrl: notifyUrl(base, orderId, token),
    });
  } catch (e) {
    if (e instanceof SaasError && (e.kind === 'refused' || e.kind === 'not_configured'))
      answer = { accepted: false, msg: e.message, orderNo: null };
    else problem = e instanceof Error ? e.message : String(e);
  }
  const at = nowSeconds();
  const d = await inTransaction(db, async () =>
    answer
      ? await addEvent(
          db,
          orderId,
          { kind: 'request', action: 'OpenDoor', status: answer.accepted, msg: answer.msg },
          { accepted: answer.accepted, msg: answer.msg, orderNo: answer.orderNo },
          at,
          actorOf(caller),
        )
      : // No answer: the door may still open; the callbacks will tell (the token waits for them).
        await addEvent(
          db,
          orderId,
          { kind: 'system', action: 'OpenDoor', status: null, msg: problem },
          {},
          at,
        ),
  );
  return { orderId, state: d!.state };
}

/** An operator settles an order with the items they chose, priced from the cabinet's goods. */
export async function settleOrder(
  db: Db,
  caller: Caller,
  orderId: string,
  lines: { commodityId: string; count: number; meterType?: 1 | 2 }[],
) {
  const order = await orderOrThrow(db, orderId);
  requireState(order, ['needs_review', 'closed'], 'settle it');
  const goods = await cabinetGoodsOf(db, order.machineId);
  const items: Item[] = lines.map((l, i) => {
    const g =
      goods.find((x) => x.commodityId === l.commodityId && x.doorNo === order.doorNo) ??
      goods.find((x) => x.commodityId === l.commodityId);
    if (!g) throw new ApiError('UNPROCESSABLE', `items.${i}.commodityId: not sold in this cabinet`);
    // §3 does not say how a commodity is priced; the operator does (grams for weighed goods).
    const meterType = l.meterType ?? 1;
    return {
      id: g.commodityId,
      name: g.name,
      count: l.count,
      meterType,
      price: g.price,
      amount: lineAmount(meterType, l.count, g.price),
      pictureUrl: g.pictureUrl,
    };
  });
  return operatorAction(db, caller, order, 'settle', { items }, 'cabinet.settle');
}

export async function cancelOrder(db: Db, caller: Caller, orderId: string, note: string) {
  const order = await orderOrThrow(db, orderId);
  requireState(
    order,
    ['requested', 'opened', 'closed', 'needs_review', 'payment_failed'],
    'cancel it',
  );
  return await operatorAction(db, caller, order, 'cancel', { note }, 'cabinet.cancel');
}
