/** A van's day is some tens of machines; more is a mistake, not a pick list (D82). */
export const MAX_SHEET_MACHINES = 100;
export const MAX_SHEET_LINES = 20;
