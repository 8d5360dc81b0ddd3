import 'server-only';
import { z } from 'zod';
import { ALERT_STATES } from '@/db/schema/alerts';
import { limit } from '@/lib/edge/params';

/** The most alerts one page holds. */
export const MAX_ALERT_PAGE = 200;
/** A snooze: at least five minutes (less is not worth a button), at most a week. */
export const SNOOZE_MINUTES = { min: 5, max: 10_080 } as const;

const noteText = (error: string) =>
  z.string({ error }).trim().max(2000, { error: 'at most 2000 characters' });

/** GET /api/v1/alerts: every parameter checked and bounded; a bad one is a 400 naming it. */
export const alertListQuery = z.object({
  state: z
    .enum(ALERT_STATES, { error: `state must be one of ${ALERT_STATES.join(', ')}` })
    .optional(),
  kind: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, { error: 'kind must be an alert kind, e.g. offline' })
    .optional(),
  assetId: z
    .string()
    .trim()
    .min(1, { error: 'assetId must not be empty' })
    .max(64, { error: 'assetId is at most 64 characters' })
    .optional(),
  line: z.coerce
    .number({ error: 'line must be a line id' })
    .int({ error: 'line must be a line id' })
    .positive({ error: 'line must be a line id' })
    .optional(),
  snoozed: z
    .enum(['1', '0'], { error: 'snoozed must be 1 or 0' })
    .optional()
    .transform((v) => (v === undefined ? undefined : v === '1')),
  limit: limit(MAX_ALERT_PAGE, 50),
  cursor: z
    .string()
    .regex(/^\d{1,11}_\d{1,15}$/, { error: 'cursor must be a value returned as nextCursor' })
    .transform((c) => {
      const [startedAt, id] = c.split('_').map(Number);
      return { startedAt: startedAt!, id: id! };
    })
    .optional(),
});
export type AlertListQuery = z.infer<typeof alertListQuery>;

export const ackBody = z.strictObject({ note: noteText('the note must be text').optional() });
export const resolveBody = z.strictObject({
  note: noteText('a note is required').min(1, { error: 'a note is required' }),
});
export const snoozeBody = z.strictObject({
  minutes: z
    .number({ error: 'minutes is required (a whole number)' })
    .int({ error: 'minutes must be a whole number' })
    .min(SNOOZE_MINUTES.min, {
      error: `minutes must be ${SNOOZE_MINUTES.min}…${SNOOZE_MINUTES.max}`,
    })
    .max(SNOOZE_MINUTES.max, {
      error: `minutes must be ${SNOOZE_MINUTES.min}…${SNOOZE_MINUTES.max}`,
    }),
});
export const assignBody = z.strictObject({
  userId: z
    .number({ error: 'userId is required: a user id, or null to unassign' })
    .int({ error: 'userId must be a user id' })
    .positive({ error: 'userId must be a user id' })
    .nullable(),
});
