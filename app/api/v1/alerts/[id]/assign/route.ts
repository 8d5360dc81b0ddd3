import { alertActionRoute } from '@/lib/alerts/action-route';
import { assignBody } from '@/lib/alerts/schemas';

/** Give the alert to an active user, or to nobody (`userId: null`). */
export const POST = alertActionRoute(assignBody, (b) => ({ type: 'assign', userId: b.userId }));
