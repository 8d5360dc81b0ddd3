import 'server-only';
import { TZDate } from '@date-fns/tz';
import { format, subDays } from 'date-fns';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import {
  deleteSchedule,
  getSchedule,
  insertSchedule,
  liveChannel,
  listSchedules,
  liveChannels,
} from '@/db/queries/report-schedules';
import type { Caller } from '@/lib/edge/caller';
import { ApiError } from '@/lib/edge/errors';
import { audit } from '@/lib/admin/audit';
import { SCHEDULED_REPORTS } from './scheduled';

/** POST /api/v1/report-schedules: a bad field is a 422 naming it. */
export const newScheduleBody = z.strictObject({
  report: z.enum(SCHEDULED_REPORTS, {
    error: `report must be one of ${SCHEDULED_REPORTS.join(', ')}`,
  }),
  channelId: z.number({ error: 'channelId must be a channel id (a number)' }).int().positive(),
  at: z
    .string({ error: 'at must be a time of day, HH:MM' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'at must be a time of day, HH:MM (00:00…23:59)' }),
  language: z.enum(['zh-CN', 'en'], { error: 'language must be zh-CN or en' }).default('zh-CN'),
});
export type NewSchedule = z.infer<typeof newScheduleBody>;

/** The local day and time of day (HH:MM) at `now` in the fleet's time zone. */
export function localClock(now: number, timeZone: string) {
  const d = new TZDate(now * 1000, timeZone);
  return {
    day: format(d, 'yyyy-MM-dd'),
    time: format(d, 'HH:mm'),
    yesterday: format(subDays(d, 1), 'yyyy-MM-dd'),
  };
}

/** The admin page's read: the schedules and the channels one may send to. */
export async function schedulesView(db: Db) {
  return { items: await listSchedules(db), channels: await liveChannels(db) };
}

const label = (c: Caller) => c.principal?.label ?? 'system';

/**
 * A new schedule. One made after its time of day has passed starts tomorrow: it is marked as
 * queued for today, so that creating it is not a "send now" (D89).
 */
export async function createSchedule(
  db: Db,
  caller: Caller,
  body: NewSchedule,
  o: { now: number; timeZone: string },
) {
  return await inTransaction(db, async () => {
    const channel = await liveChannel(db, { id: body.channelId });
    if (!channel)
      throw new ApiError('UNPROCESSABLE', `channelId: no channel ${body.channelId} exists`);
    const clock = localClock(o.now, o.timeZone);
    const id = await insertSchedule(db, {
      ...body,
      lastQueuedFor: clock.time >= body.at ? clock.day : null,
      createdAt: o.now,
      createdBy: label(caller),
    });
    const after = { ...body, name: channel.name };
    await audit(
      db,
      caller,
      { action: 'report_schedule.create', targetKind: 'report_schedule', targetId: id, after },
      o.now,
    );
    return (await getSchedule(db, { id }))!;
  });
}

export async function removeSchedule(db: Db, caller: Caller, id: number, now: number) {
  return await inTransaction(db, async () => {
    const before = await getSchedule(db, { id });
    if (!before || !(await deleteSchedule(db, { id, at: now })))
      throw new ApiError('NOT_FOUND', `report schedule ${id} does not exist`);
    await audit(
      db,
      caller,
      {
        action: 'report_schedule.delete',
        targetKind: 'report_schedule',
        targetId: id,
        before: { report: before.report, at: before.at, name: before.channelName },
      },
      now,
    );
    return { id, deleted: true };
  });
}
