import { alertActionRoute } from '@/lib/alerts/action-route';
import { snoozeBody } from '@/lib/alerts/schemas';

/** Snooze for a while (5 minutes to a week): escalation waits until it ends. */
export const POST = alertActionRoute(snoozeBody, (b) => ({ type: 'snooze', minutes: b.minutes }));
