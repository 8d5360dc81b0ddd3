import 'server-only';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { getCabinetOrder, type CabinetOrderRow } from '@/db/queries/cabinets';
import type { CabinetOrderState } from '@/db/schema';
import type { Caller } from '@/lib/edge/caller';
import { ApiError } from '@/lib/edge/errors';
import { audit, type AuditAction } from '@/lib/admin/audit';
import { SaasError } from '@/lib/platforms/saas';
import { addEvent } from './orders';

/** What every operator action shares: finding the order, checking its state, auditing. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);
export const actorOf = (c: Caller) => c.principal?.label ?? null;

export async function orderOrThrow(db: Db, orderId: string): Promise<CabinetOrderRow> {
  const order = await getCabinetOrder(db, orderId);
  if (!order)
    throw new ApiError('NOT_FOUND', `cabinet order ${JSON.stringify(orderId)} does not exist`);
  return order;
}

export function requireState(
  order: CabinetOrderRow,
  allowed: readonly CabinetOrderState[],
  what: string,
) {
  if (!allowed.includes(order.state))
    throw new ApiError('CONFLICT', `order ${order.orderId} is ${order.state}: cannot ${what}`);
}

export function upstreamError(e: unknown): never {
  if (e instanceof SaasError) {
    if (e.kind === 'not_configured') throw new ApiError('CONFLICT', e.message);
    if (e.kind === 'refused') throw new ApiError('UNPROCESSABLE', e.message);
    throw new ApiError('BAD_GATEWAY', `the SAAS platform: ${e.message}`);
  }
  throw e;
}

/** An operator's event and its audit record, in one transaction. */
export async function operatorAction(
  db: Db,
  caller: Caller,
  order: CabinetOrderRow,
  action: string,
  detail: Record<string, unknown>,
  auditAction: AuditAction,
) {
  const now = nowSeconds();
  return await inTransaction(db, async () => {
    const d = (await addEvent(
      db,
      order.orderId,
      { kind: 'operator', action },
      detail,
      now,
      actorOf(caller),
    ))!;
    await audit(db, caller, {
      action: auditAction,
      targetKind: 'cabinet_order',
      targetId: order.orderId,
      before: { state: order.state },
      after: { state: d.state, ...detail },
    });
    return { orderId: order.orderId, state: d.state };
  });
}
