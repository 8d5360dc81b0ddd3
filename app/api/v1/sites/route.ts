import { route } from '@/lib/edge/request';
import { readJsonResponse } from '@/lib/reads';

/** Every site with its coordinates, machines, online state and urgency. */
export const GET = route((request) => readJsonResponse('sites', {}, request.signal));
