/**
 * Every kind of alert the evaluator raises, most urgent first (the overview's order). The
 * machine kinds come from a machine's state; the app's own (`assetId` null) from its jobs and
 * its inbox. Client-safe: the Settings form and the overview's page import it.
 */
export const MACHINE_ALERT_KINDS = [
  'offline',
  'temperature',
  'door',
  'fault',
  // It is online but has sold far less than its own demand says for hours (D96): a card reader,
  // a coin mechanism or a door that fails without saying so. Raised by the full look only.
  'salesBelowExpected',
  // Someone is trying pickup codes at the machine (issue 8: brute force on the check).
  'pickupThrottled',
  'cabinetReview',
  'soldOut',
  'stale',
  // Its trades count at their receipt instead (D71): someone should set the machine's clock.
  'clockAhead',
  'underThreshold',
] as const;

export const APP_ALERT_KINDS = ['projectionFailed', 'syncFailing', 'reconcileDifference'] as const;

/** The kinds the evaluator looks for (and ends when it no longer sees them). */
export const ALERT_KINDS = [...MACHINE_ALERT_KINDS, ...APP_ALERT_KINDS] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Kinds whose minimum duration is one of the four first settings, not `kinds[kind].minutes`. */
export const DURATION_FIELD: Partial<
  Record<AlertKind, 'offlineMinutes' | 'doorOpenMinutes' | 'staleHours'>
> = { offline: 'offlineMinutes', door: 'doorOpenMinutes', stale: 'staleHours' };

/**
 * Kinds their own workers raise and end through reportCondition, never the evaluator's looks:
 * a notification channel that keeps failing (D87), a failed or overdue backup (D91).
 */
export const REPORTED_ALERT_KINDS = ['channelFailing', 'backupFailed', 'backupStale'] as const;

/** Every kind an alert record may have: the overview, the alert list's filter, the rules. */
export const EVERY_ALERT_KIND = [...ALERT_KINDS, ...REPORTED_ALERT_KINDS] as const;
export type AnyAlertKind = (typeof EVERY_ALERT_KIND)[number];

export const SEVERITY = Object.fromEntries(EVERY_ALERT_KIND.map((k, i) => [k, i])) as Record<
  AnyAlertKind,
  number
>;

/** Kinds whose tolerance means something, and in what unit (the Settings form's label). */
export const TOLERANCE_UNIT: Partial<
  Record<AlertKind, 'celsius' | 'shelves' | 'minutes' | 'count' | 'hours'>
> = {
  temperature: 'celsius',
  soldOut: 'shelves',
  underThreshold: 'shelves',
  clockAhead: 'minutes',
  reconcileDifference: 'count',
  // Not a tolerance: the hours of sales the rule looks back over (D96).
  salesBelowExpected: 'hours',
};
