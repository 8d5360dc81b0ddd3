/**
 * The silent-failure rule (issue 21 item 4, D96): a machine online whose sales over the last
 * hours fall so far below its own expected demand that Poisson demand would almost never do it
 * (a card reader, a coin mechanism or a door that stopped selling without saying so). Pure.
 */

/** The window's length when Settings say nothing (the kind's "window (hours)"). */
export const DEFAULT_WINDOW_HOURS = 6;
export const MAX_WINDOW_HOURS = 48;

/**
 * Below this many units expected in the window nothing is judged: a quiet machine at night, or
 * one whose shelves are nearly all empty, sells nothing for hours by chance.
 */
export const MIN_EXPECTED = 10;

/** How unlikely the sales must be under Poisson demand at the expected rate. */
export const ALPHA = 1e-4;

/** "Far below": at most this share of the expected units, whatever the probability says. */
export const FAR_BELOW = 0.25;

/**
 * P(X ≤ k) for X ~ Poisson(λ), each term in logs so a large λ does not underflow to 0 (k is
 * small here: at most a quarter of the expected units).
 */
export function poissonCdf(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda <= 0) return 1;
  let total = 0;
  const logL = Math.log(lambda);
  let logFact = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 1) logFact += Math.log(i);
    total += Math.exp(-lambda + i * logL - logFact);
  }
  return Math.min(1, total);
}

export interface SalesJudgement {
  /** True: the machine sold far less than it should have. */
  below: boolean;
  /** The probability of selling this little or less under Poisson demand (1 when not judged). */
  p: number;
}

/** Judges `actual` units sold in a window where `expected` were expected (D96). */
export function salesBelowExpected(expected: number, actual: number): SalesJudgement {
  if (!(expected >= MIN_EXPECTED)) return { below: false, p: 1 };
  const k = Math.max(0, Math.floor(actual));
  if (k > expected * FAR_BELOW) return { below: false, p: 1 };
  const p = poissonCdf(k, expected);
  return { below: p < ALPHA, p };
}

/** The window in hours from the kind's Settings (its "tolerance" field holds it), bounded. */
export function windowHours(tolerance: number | undefined): number {
  if (!tolerance || tolerance < 1) return DEFAULT_WINDOW_HOURS;
  return Math.min(MAX_WINDOW_HOURS, Math.floor(tolerance));
}
