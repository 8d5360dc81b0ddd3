import { z } from 'zod';
import { epochSeconds, limit, offset, optionalText } from '@/lib/edge/params';

export const VERDICTS = ['matched', 'variance', 'trades_missing'] as const;

/** GET /api/v1/refills: the visit list's filters. */
export const visitListQuery = z
  .object({
    assetId: optionalText,
    lineName: optionalText,
    siteName: optionalText,
    from: epochSeconds.optional(),
    to: epochSeconds.optional(),
    source: z.enum(['push', 'pull']).optional(),
    reviewed: z
      .enum(['yes', 'no'])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === 'yes')),
    verdict: z.enum(VERDICTS).optional(),
    limit: limit(1000, 100),
    offset,
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    error: 'from must not be after to',
    path: ['to'],
  });

/** POST /api/v1/refills/{id}/review */
export const reviewBody = z.object({
  note: z
    .string({ error: 'a note is required' })
    .trim()
    .min(1, { error: 'a note is required' })
    .max(2000, { error: 'at most 2000 characters' }),
});
