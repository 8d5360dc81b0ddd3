import { z } from 'zod';
import { getDb } from '@/lib/db';
import { listPickupCodes } from '@/db/queries/pickup';
import { inTransaction } from '@/db/prepared';
import { ApiError } from '@/lib/edge/errors';
import { audit } from '@/lib/admin/audit';
import { parseBody, parseQuery, route } from '@/lib/edge/request';
import { cursor, limit } from '@/lib/edge/params';
import { issuePickupCodes } from '@/lib/pickup/issue';
import { createCodesSchema, pickupListFilters } from '@/lib/pickup/schemas';
import { pickupCodeView } from '@/lib/pickup/views';

const query = z.object({
  ...pickupListFilters,
  limit: limit(1000, 100),
  cursor: cursor.optional(),
});
const nowSeconds = () => Math.floor(Date.now() / 1000);

export const GET = route(async (request) => {
  const p = parseQuery(request, query);
  const now = nowSeconds();
  const { items, nextCursor } = await listPickupCodes(getDb(), { ...p, now });
  return Response.json({ items: items.map((r) => pickupCodeView(r, now)), nextCursor });
});

export const POST = route(async (request, _ctx, caller) => {
  const now = nowSeconds();
  const input = await parseBody(request, createCodesSchema(now));
  const db = getDb();
  const outcome = await inTransaction(db, async () => {
    const issued = await issuePickupCodes(db, input, { now, createdBy: caller.principal?.label });
    if (issued.ok)
      await audit(db, caller, {
        action: 'pickup.issue',
        targetKind: 'pickup_code',
        targetId:
          issued.items.length === 1 ? issued.items[0]!.code : `${issued.items.length} codes`,
        after: { ...input, codes: issued.items.map((r) => r.code) },
      });
    return issued;
  });
  if (!outcome.ok) throw new ApiError('UNPROCESSABLE', `${outcome.field}: ${outcome.message}`);
  const items = outcome.items.map((r) => {
    const { code, assetId, goodsNumber, fee, startTime, endTime, status } = pickupCodeView(r, now);
    return { code, assetId, goodsNumber, fee, startTime, endTime, status };
  });
  return Response.json({ items }, { status: 201 });
});
