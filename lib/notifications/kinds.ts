/**
 * The alert kinds a rule may name: the overview's kinds and the app's own. (Area A's list of
 * record kinds is the one to follow when it grows: a kind must have `kind.<k>` in overview.json.)
 */
export const RULE_KINDS = [
  'offline',
  'temperature',
  'door',
  'fault',
  'pickupThrottled',
  'soldOut',
  'clockAhead',
  'underThreshold',
  'stale',
  'channelFailing',
] as const;
