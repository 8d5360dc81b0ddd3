import { getDb } from '@/db/client';
import { route } from '@/lib/api/request';
import { linesOverview } from '@/lib/planning/plans';

/** Every line (synced and learnt from pushes alike) with its planning figures, in units. */
export const GET = route(() => Response.json(linesOverview(getDb())));
