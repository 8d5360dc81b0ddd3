/** The reports a schedule can send (issue 19 item 6): shared by the API and the admin page. */
export const SCHEDULED_REPORTS = [
  'dailySales',
  'refillVariances',
  'silentMachines',
  'foodSafety',
] as const;
export type ScheduledReport = (typeof SCHEDULED_REPORTS)[number];
