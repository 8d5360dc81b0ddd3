import { alertActionRoute } from '@/lib/alerts/action-route';
import { ackBody } from '@/lib/alerts/schemas';

/** Acknowledge: someone is on it (this stops escalation). A second one changes nothing (D86). */
export const POST = alertActionRoute(ackBody, (b) => ({ type: 'ack', note: b.note }));
