import { getDb } from '@/db/client';
import { listLines } from '@/db/queries/org';
import { route } from '@/lib/api/request';

export const GET = route(() => Response.json({ items: listLines(getDb()) }));
