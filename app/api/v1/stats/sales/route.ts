import { z } from 'zod';
import { getDb } from '@/db/client';
import { parseQuery, route } from '@/lib/api/request';
import { epochSeconds } from '@/lib/api/params';
import { salesStatistic } from '@/lib/stats';

const query = z
  .object({
    assetIds: z
      .string()
      .optional()
      .transform((v) =>
        v
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : undefined,
      ),
    startTime: epochSeconds,
    endTime: epochSeconds,
  })
  .refine((q) => q.startTime <= q.endTime, { error: 'startTime must not be after endTime' });

export const GET = route((request) => {
  const p = parseQuery(request, query);
  return Response.json(salesStatistic(getDb(), p));
});
