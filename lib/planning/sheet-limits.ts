/** A van's day is some tens of machines; more is a mistake, not a pick list (D82). */
export const MAX_SHEET_MACHINES = 100;
export const MAX_SHEET_LINES = 20;
/** To par covers at most two weeks: a forecast further out is a guess (D95). */
export const MAX_PAR_DAYS = 14;
/** A van's stops on a route day, and the days to the visit after it (D95). */
export const MAX_STOPS = 100;
export const MAX_INTERVAL_DAYS = 14;
/** How far ahead a route day may be planned, in days from today. */
export const MAX_ROUTE_DAY_AHEAD = 14;
