import { z } from 'zod';

/** Query-parameter building blocks: every value arrives as text. */
export const epochSeconds = z.coerce
  .number({ error: 'expected epoch seconds' })
  .int({ error: 'expected epoch seconds (an integer)' })
  .min(0, { error: 'expected epoch seconds' })
  .max(99_999_999_999, { error: 'expected epoch seconds, not milliseconds' });

export const limit = (max: number, fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1, { error: `limit must be 1…${max}` })
    .max(max, { error: `limit must be 1…${max}` })
    .default(fallback);

export const offset = z.coerce.number().int().min(0, { error: 'offset must be ≥ 0' }).default(0);

export const cursor = z
  .string()
  .regex(/^\d+$/, { error: 'cursor must be a value returned as nextCursor' })
  .transform(Number);

export const optionalText = z.string().trim().min(1).optional();

export const positiveId = z.coerce.number().int().positive();
