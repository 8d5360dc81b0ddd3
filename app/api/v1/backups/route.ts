import { z } from 'zod';
import { getDb } from '@/lib/db';
import { limit } from '@/lib/edge/params';
import { parseQuery, route } from '@/lib/edge/request';
import { readBackups } from '@/lib/admin/backups/view';
import { getConfig } from '@/lib/config';
import { assertBackupsByApp } from '@/lib/admin/backups/engine';

const query = z.object({ limit: limit(100, 20) });

/**
 * The recent backups, newest first, and the age of the last good one (admins). On PostgreSQL:
 * 409 BACKUPS_BY_ENGINE (backups are PostgreSQL's own, D111).
 */
export const GET = route(async (request) => {
  const q = parseQuery(request, query);
  assertBackupsByApp(getConfig());
  const now = Math.floor(Date.now() / 1000);
  return Response.json(await readBackups(getDb(), getConfig(), { limit: q.limit, now }));
});
