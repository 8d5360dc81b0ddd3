import { getDb } from '@/lib/db';
import { activeUsers } from '@/db/queries/alerts';
import { route } from '@/lib/edge/request';

/**
 * Who an alert can be given to: active users' ids and names only (the users API is for
 * admins; operations need no more than this to pick an assignee).
 */
export const GET = route(async () => Response.json({ items: await activeUsers(getDb()) }));
