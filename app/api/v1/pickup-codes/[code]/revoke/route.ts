import { getDb } from '@/lib/db';
import { inTransaction } from '@/db/prepared';
import { getPickupCode } from '@/db/queries/pickup';
import { audit } from '@/lib/admin/audit';
import { ApiError } from '@/lib/edge/errors';
import { route } from '@/lib/edge/request';
import { revokeCode } from '@/lib/pickup/issue';
import { pickupCodeView } from '@/lib/pickup/views';

/** Revokes an unused or expired code (again: no change); a used one is a 409. */
export const POST = route<{ params: Promise<{ code: string }> }>(
  async (_request, { params }, caller) => {
    const { code } = await params;
    const now = Math.floor(Date.now() / 1000);
    const db = getDb();
    const outcome = await inTransaction(db, async () => {
      const before = await getPickupCode(db, code);
      const result = await revokeCode(db, code, now);
      if (result.ok && before?.status !== result.item.status)
        await audit(db, caller, {
          action: 'pickup.revoke',
          targetKind: 'pickup_code',
          targetId: code,
          before: before && pickupCodeView(before, now),
          after: pickupCodeView(result.item, now),
        });
      return result;
    });
    if (outcome.ok) return Response.json(pickupCodeView(outcome.item, now));
    if (outcome.reason === 'not_found')
      throw new ApiError('NOT_FOUND', `pickup code ${JSON.stringify(code)} does not exist`);
    throw new ApiError(
      'PICKUP_CODE_USED',
      `pickup code ${code} was used at ${outcome.item?.usedAt}; a used code cannot be revoked`,
    );
  },
);
