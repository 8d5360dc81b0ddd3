import { route } from '@/lib/edge/request';
import { readJsonResponse } from '@/lib/reads';

/** Every line (synced and learnt from pushes alike) with its planning figures, in units. */
export const GET = route((request) => readJsonResponse('lines', {}, request.signal));
