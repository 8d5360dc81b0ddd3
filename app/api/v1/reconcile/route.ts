import { z } from 'zod';
import { getDb } from '@/lib/db';
import { epochSeconds } from '@/lib/edge/params';
import { parseQuery, route } from '@/lib/edge/request';
import { reconcileMachine } from '@/lib/sync/reconcile';

const query = z
  .object({
    assetId: z.string().trim().min(1).max(64),
    startTime: epochSeconds,
    endTime: epochSeconds,
  })
  .strict()
  .refine((q) => q.startTime <= q.endTime, {
    message: 'startTime must not be after endTime',
    path: ['startTime'],
  });

/**
 * Our §5.1 figures for a machine and window beside the platform's, per payment method; when
 * the platform does not answer, ours with `platformError`.
 */
export const GET = route(async (request) => {
  const q = parseQuery(request, query);
  return Response.json(await reconcileMachine(getDb(), q));
});
