import { getDb } from '@/lib/db';
import { parseBody, route } from '@/lib/edge/request';
import { getConfig } from '@/lib/config';
import { createSchedule, newScheduleBody, schedulesView } from '@/lib/reports/schedules';

/** The report schedules, and the channels one may send to. */
export const GET = route(async () => Response.json(await schedulesView(getDb())));

/** `{report, channelId, at: "HH:MM", language}` → 201 with the schedule (audited). */
export const POST = route(async (request, _ctx, caller) => {
  const body = await parseBody(request, newScheduleBody);
  const created = await createSchedule(getDb(), caller, body, {
    now: Math.floor(Date.now() / 1000),
    timeZone: getConfig().FLEET_TIME_ZONE,
  });
  return Response.json(created, { status: 201 });
});
