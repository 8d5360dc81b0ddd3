/** The four kinds of user; kept free of imports so client components can use it. */
export const ROLES = ['admin', 'operations', 'planner', 'finance'] as const;
export type Role = (typeof ROLES)[number];
