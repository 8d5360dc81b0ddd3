import { getDb } from '@/db/client';
import { route } from '@/lib/api/request';
import { sitesOverview } from '@/lib/planning/plans';

/** Every site with its coordinates, machines, online state and urgency. */
export const GET = route(() => Response.json(sitesOverview(getDb())));
