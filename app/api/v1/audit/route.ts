import { z } from 'zod';
import { getDb } from '@/db/client';
import { auditActions, listAudit } from '@/db/queries/audit';
import { cursor, epochSeconds, limit, optionalText } from '@/lib/api/params';
import { parseQuery, route } from '@/lib/api/request';

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
  const q = parseQuery(request, query);
  const rows = listAudit(getDb(), { ...q, before: q.cursor, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  return Response.json({
    items: page.map((r) => ({
      ...r,
      before: r.before ? (JSON.parse(r.before) as unknown) : null,
      after: r.after ? (JSON.parse(r.after) as unknown) : null,
    })),
    nextCursor: rows.length > q.limit ? String(page.at(-1)!.id) : null,
    actions: auditActions(getDb()),
  });
});
