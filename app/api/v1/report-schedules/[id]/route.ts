import { getDb } from '@/lib/db';
import { positiveId } from '@/lib/edge/params';
import { parseParam, route } from '@/lib/edge/request';
import { removeSchedule } from '@/lib/reports/schedules';

/** Deletes a schedule (audited): nothing more is queued for it. */
export const DELETE = route<{ params: Promise<{ id: string }> }>(
  async (_request, { params }, caller) => {
    const id = parseParam((await params).id, positiveId, 'report schedule');
    return Response.json(await removeSchedule(getDb(), caller, id, Math.floor(Date.now() / 1000)));
  },
);
