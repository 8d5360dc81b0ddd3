import 'server-only';
import { randomInt } from 'node:crypto';

/** Seven digits, the first not 0 (a platform that reads the code as a number keeps all seven). */
export const CODE_PATTERN = /^[1-9]\d{6}$/;
const MIN = 1_000_000;
const MAX = 10_000_000; // exclusive

/** A source of uniform integers in [min, max): crypto.randomInt, or a fixed one in tests. */
export type RandomInt = (min: number, max: number) => number;

/**
 * Codes a person could guess without guessing: one digit repeated (1111111) or a run of
 * consecutive digits up or down (1234567, 7654321, 3456789).
 */
export function isGuessable(code: string): boolean {
  const d = [...code].map(Number);
  const steps = new Set(d.slice(1).map((v, i) => v - d[i]!));
  return steps.size === 1 && [0, 1, -1].includes([...steps][0]!);
}

/**
 * A new pickup code: uniform over the 7-digit codes from a cryptographic source, so a code
 * says nothing about the codes issued before or after it. Guessable patterns are drawn again.
 */
export function generateCode(random: RandomInt = randomInt): string {
  for (;;) {
    const code = String(random(MIN, MAX));
    if (!isGuessable(code)) return code;
  }
}
