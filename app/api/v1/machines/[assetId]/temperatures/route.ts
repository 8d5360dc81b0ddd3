import { z } from 'zod';
import { getDb } from '@/lib/db';
import { getMachine } from '@/db/queries/machines';
import { ApiError } from '@/lib/edge/errors';
import { epochSeconds } from '@/lib/edge/params';
import { parseQuery, route } from '@/lib/edge/request';
import { machineTemperatures, MAX_POINTS } from '@/lib/fleet/temperatures';

const DAY = 86_400;
/** The longest range one request may ask for. */
const MAX_RANGE = 366 * DAY;

const query = z
  .object({
    from: epochSeconds.optional(),
    to: epochSeconds.optional(),
    points: z.coerce
      .number()
      .int()
      .min(10, { error: `points must be 10…${MAX_POINTS}` })
      .max(MAX_POINTS, { error: `points must be 10…${MAX_POINTS}` })
      .optional(),
  })
  .transform((q, ctx) => {
    const to = q.to ?? Math.floor(Date.now() / 1000);
    const from = q.from ?? to - DAY;
    if (from >= to)
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must be before to' });
    else if (to - from > MAX_RANGE)
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: 'the range may be at most 366 days',
      });
    return { from, to, points: q.points };
  });

/** Temperatures of a machine's containers over a range (epoch seconds; default: the last day). */
export const GET = route<{ params: Promise<{ assetId: string }> }>(async (request, { params }) => {
  const { assetId } = await params;
  const q = parseQuery(request, query);
  const db = getDb();
  if (!(await getMachine(db, assetId)))
    throw new ApiError('NOT_FOUND', `machine ${JSON.stringify(assetId)} does not exist`);
  return Response.json(
    await machineTemperatures(db, { assetId, from: q.from, to: q.to, maxPoints: q.points }),
  );
});
