import { signedIn } from '@/lib/edge/caller';
import { route } from '@/lib/edge/request';
import { maySeeMoney } from '@/lib/auth/rules';
import { readJsonResponse } from '@/lib/reads';

/**
 * Fleet figures, today's sales against the same weekday last week, and the alert list. The
 * production server answers this path itself (lib/fleet/fast-read.ts); this serves `npm run dev`.
 */
export const GET = route((request, _ctx, caller) =>
  readJsonResponse('overview', { withSales: maySeeMoney(signedIn(caller).role) }, request.signal),
);
