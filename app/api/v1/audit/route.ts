import { z } from 'zod';
import { cursor, epochSeconds, limit, optionalText } from '@/lib/edge/params';
import { parseQuery, route } from '@/lib/edge/request';
import { readJsonResponse } from '@/lib/reads';

const query = z.object({
  actor: optionalText,
  action: optionalText,
  targetKind: optionalText,
  targetId: optionalText,
  from: epochSeconds.optional(),
  to: epochSeconds.optional(),
  cursor: cursor.optional(),
  limit: limit(500, 100),
});

/** The audit log, newest first, filtered; `nextCursor` pages on. */
export const GET = route((request) => {
  const { cursor: before, ...q } = parseQuery(request, query);
  return readJsonResponse('audit', { ...q, before }, request.signal);
});
