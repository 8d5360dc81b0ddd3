import { z } from 'zod';
import { getDb } from '@/lib/db';
import { inTransaction } from '@/db/prepared';
import { ApiError } from '@/lib/edge/errors';
import { audit } from '@/lib/admin/audit';
import { parseBody, route } from '@/lib/edge/request';
import { isSmartVendingError, platformClient } from '@/lib/platforms/smartvending';

const epoch = z.number().int().min(0).max(4_102_444_800);
const body = z
  .object({
    assetId: z.string().trim().min(1).max(64).optional(),
    productCode: z.string().trim().min(1).max(64).optional(),
    startTime: epoch.optional(),
    endTime: epoch.optional(),
  })
  .strict()
  .refine((b) => b.startTime === undefined || b.endTime === undefined || b.startTime < b.endTime, {
    message: 'endTime must be after startTime',
    path: ['endTime'],
  });

/**
 * §10: asks the platform for a code (it checks and uses such codes itself, not through us).
 * Not retried: a second attempt could issue a second code. Audited with the code returned.
 */
export const POST = route(async (request, _ctx, caller) => {
  const input = await parseBody(request, body);
  let code: string;
  try {
    code = await (await platformClient()).codeCreate(input);
  } catch (e) {
    if (isSmartVendingError(e)) throw new ApiError('BAD_GATEWAY', e.message);
    throw e;
  }
  const db = getDb();
  await inTransaction(
    db,
    async () =>
      await audit(db, caller, {
        action: 'pickup.platform_create',
        targetKind: 'pickup_code',
        targetId: code,
        after: { ...input, code },
      }),
  );
  return Response.json({ code, ...input }, { status: 201 });
});
