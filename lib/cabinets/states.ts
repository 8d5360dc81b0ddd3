/** The states of a cabinet order (issue 9), client-safe. */
export const CABINET_ORDER_STATES = [
  'requested',
  'opened',
  'closed',
  'recognised',
  'paid',
  'payment_failed',
  'cancelled',
  'needs_review',
  'settled',
  'refunded',
] as const;
export type CabinetOrderState = (typeof CABINET_ORDER_STATES)[number];
