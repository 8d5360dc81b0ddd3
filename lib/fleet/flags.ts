/**
 * A §4.1 state flag as a plain boolean: `truthy` is the platform's code for "yes" (online is 0,
 * vmcOnline 1…). null when the platform has not told us, or told us −1 ("unknown", kept as it
 * came: D62, D71), so an unknown state is never shown or counted as offline or not sellable.
 */
export const flagOf = (v: number | null | undefined, truthy: number): boolean | null =>
  v == null || v === -1 ? null : v === truthy;
