import { getDb } from '@/lib/db';
import { inTransaction } from '@/db/prepared';
import { getRefill } from '@/db/queries/refills';
import { getReview, saveReview } from '@/db/queries/reconcile';
import { signedIn } from '@/lib/edge/caller';
import { ApiError } from '@/lib/edge/errors';
import { parseBody, parseParam, route } from '@/lib/edge/request';
import { positiveId } from '@/lib/edge/params';
import { audit } from '@/lib/admin/audit';
import { reconcile } from '@/lib/refills/reconcile';
import { reviewBody } from '@/lib/refills/schemas';

/**
 * Finance marks a visit reviewed with a note. The latest review is kept with the visit; every
 * one is in the audit log, with the verdict it was given against, in the same transaction.
 */
export const POST = route<{ params: Promise<{ id: string }> }>(
  async (request, { params }, caller) => {
    const id = parseParam((await params).id, positiveId, 'refill settlement');
    const { note } = await parseBody(request, reviewBody);
    const who = signedIn(caller);
    const db = getDb();
    const saved = await inTransaction(db, async () => {
      const refill = await getRefill(db, id);
      if (!refill) return null;
      const before = await getReview(db, id);
      const row = {
        settlementId: id,
        note,
        reviewedAt: Math.floor(Date.now() / 1000),
        reviewedBy: who.label,
      };
      await saveReview(db, row);
      await audit(db, caller, {
        action: 'refill.review',
        targetKind: 'refill_settlement',
        targetId: id,
        before: before && { note: before.note, reviewedBy: before.reviewedBy },
        after: { note, verdict: (await reconcile(db, refill)).verdict },
      });
      return row;
    });
    if (!saved) throw new ApiError('NOT_FOUND', `refill settlement ${id} does not exist`);
    return Response.json(saved);
  },
);
