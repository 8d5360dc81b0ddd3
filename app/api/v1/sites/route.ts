import { getDb } from '@/db/client';
import { listSites } from '@/db/queries/org';
import { route } from '@/lib/api/request';

export const GET = route(() => Response.json({ items: listSites(getDb()) }));
