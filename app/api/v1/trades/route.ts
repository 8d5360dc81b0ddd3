import { z } from 'zod';
import { parseQuery, route } from '@/lib/api/request';
import { epochSeconds, limit, optionalText } from '@/lib/api/params';
import { parseTradeCursor } from '@/db/queries/trades';
import { readJsonResponse } from '@/lib/reads';

const query = z.object({
  assetId: optionalText,
  startTime: epochSeconds.optional(),
  endTime: epochSeconds.optional(),
  payStyle: z.coerce.number().int().min(0).optional(),
  limit: limit(1000, 100),
  cursor: z
    .string()
    .transform((v, ctx) => {
      const c = parseTradeCursor(v);
      if (!c)
        ctx.addIssue({ code: 'custom', message: 'cursor must be a value returned as nextCursor' });
      return c ?? z.NEVER;
    })
    .optional(),
});

export const GET = route((request) =>
  readJsonResponse('trades', parseQuery(request, query), request.signal),
);
