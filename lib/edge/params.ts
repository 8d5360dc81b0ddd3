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

/**
 * A row id to page on. Bounded as an id is (a safe integer): a longer number reached
 * PostgreSQL as a bigint it cannot parse and failed the read with 500.
 */
export const cursor = z
  .string()
  .regex(/^\d{1,16}$/, { error: 'cursor must be a value returned as nextCursor' })
  .transform(Number)
  .pipe(z.number().int({ error: 'cursor must be a value returned as nextCursor' }));

export const optionalText = z.string().trim().min(1).optional();

export const positiveId = z.coerce.number().int().positive();
