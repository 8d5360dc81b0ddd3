import { alertActionRoute } from '@/lib/alerts/action-route';
import { resolveBody } from '@/lib/alerts/schemas';

/** Resolve by hand, with a note saying why; the channels that told of it hear it ended. */
export const POST = alertActionRoute(resolveBody, (b) => ({ type: 'resolve', note: b.note }));
