/**
 * Codes the stored data carries a meaning for, which queries and rollups group or filter by.
 * Plain constants with no imports, so lib/ and client components may import them too (D97).
 */

/**
 * The payStyle of game prizes (§3.1's 8): the sales rollups keep them apart in every grain
 * without a payment dimension (§5.1, D20).
 */
export const GAME_PAY_STYLE = 8;

/** The four kinds of user, stored in `users.role`. */
export const ROLES = ['admin', 'operations', 'planner', 'finance'] as const;
export type Role = (typeof ROLES)[number];

/** The states of a cabinet order (issue 9), stored in `cabinet_orders.state`. */
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
