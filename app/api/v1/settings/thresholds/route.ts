import { getDb } from '@/lib/db';
import { parseBody, route } from '@/lib/edge/request';
import { getThresholds, saveThresholds, thresholdsSchema } from '@/lib/alerts/thresholds';

export const GET = route(async () => Response.json(await getThresholds(getDb())));

/** `{offlineMinutes, doorOpenMinutes, staleHours, temperatureToleranceC}`: all four, validated. */
export const PUT = route(async (request, _ctx, caller) =>
  Response.json(await saveThresholds(getDb(), caller, await parseBody(request, thresholdsSchema))),
);
