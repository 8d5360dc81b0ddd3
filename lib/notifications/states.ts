/** A delivery's states, failed first (what a reader of the log looks for). */
export const DELIVERY_STATES = ['failed', 'pending', 'held', 'delivered'] as const;
