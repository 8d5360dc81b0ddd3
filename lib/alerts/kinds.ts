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

export const ALERT_KINDS = [...MACHINE_ALERT_KINDS, ...APP_ALERT_KINDS] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const SEVERITY = Object.fromEntries(ALERT_KINDS.map((k, i) => [k, i])) as Record<
  AlertKind,
  number
>;

/** Kinds whose tolerance means something, and in what unit (the Settings form's label). */
export const TOLERANCE_UNIT: Partial<
  Record<AlertKind, 'celsius' | 'shelves' | 'minutes' | 'count'>
> = {
  temperature: 'celsius',
  soldOut: 'shelves',
  underThreshold: 'shelves',
  clockAhead: 'minutes',
  reconcileDifference: 'count',
};
