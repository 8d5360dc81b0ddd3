import { z } from 'zod';
import { optionalText } from '@/lib/edge/params';
import { optStr, reqStr } from '@/lib/ingest/push/schemas';
import { PICKUP_STATUSES } from './rules';

/**
 * §7.1 and §7.2 requests. The nonce is `nonceStr` here (not `nonce_str`); codes and goods
 * numbers may arrive as numbers; "" and null mean absent. Unknown members are kept.
 */
const envelope = { clientId: reqStr, nonceStr: reqStr, sign: reqStr };

export const checkSchema = z.looseObject({
  ...envelope,
  code: reqStr,
  assetId: reqStr,
  goodsNum: optStr,
});

/** §7.2 names only the code; a platform that also sends assetId/goodsNum gets them checked. */
export const useSchema = z.looseObject({
  ...envelope,
  code: reqStr,
  assetId: optStr,
  goodsNum: optStr,
});

export type CheckMessage = z.infer<typeof checkSchema>;
export type UseMessage = z.infer<typeof useSchema>;

const DEFAULT_VALIDITY_SECONDS = 30 * 86_400;
export const MAX_CODES_PER_REQUEST = 1000;

const seconds = z
  .number({ error: 'expected epoch seconds' })
  .int({ error: 'expected epoch seconds (an integer)' })
  .min(0, { error: 'expected epoch seconds' })
  .max(99_999_999_999, { error: 'expected epoch seconds, not milliseconds' });
const text = (max: number) =>
  z
    .string({ error: 'expected a string' })
    .trim()
    .min(1, { error: 'expected a non-empty string' })
    .max(max, { error: `at most ${max} characters` });

/** POST /api/v1/pickup-codes. Defaults: one code, fee 0, valid from now for 30 days. */
export function createCodesSchema(now: number) {
  return z
    .strictObject(
      {
        assetId: text(64).optional(),
        goodsNumber: text(64).optional(),
        fee: z
          .number({ error: 'expected an amount in fen' })
          .int({ error: 'expected an integer amount in fen' })
          .min(0, { error: 'must be ≥ 0' })
          .max(100_000_000, { error: 'must be ≤ 100000000 fen' })
          .default(0),
        startTime: seconds.optional(),
        endTime: seconds.optional(),
        count: z
          .number({ error: `expected a number of codes 1…${MAX_CODES_PER_REQUEST}` })
          .int({ error: `expected a number of codes 1…${MAX_CODES_PER_REQUEST}` })
          .min(1, { error: `must be 1…${MAX_CODES_PER_REQUEST}` })
          .max(MAX_CODES_PER_REQUEST, { error: `must be 1…${MAX_CODES_PER_REQUEST}` })
          .default(1),
      },
      { error: (i) => (i.code === 'unrecognized_keys' ? undefined : 'expected a JSON object') },
    )
    .transform((v) => {
      const startTime = v.startTime ?? now;
      return {
        ...v,
        startTime,
        endTime: v.endTime ?? Math.max(startTime, now) + DEFAULT_VALIDITY_SECONDS,
      };
    })
    .superRefine((v, ctx) => {
      if (v.endTime <= v.startTime)
        ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'must be after startTime' });
      else if (v.endTime <= now)
        ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'must be in the future' });
    });
}

export type CreateCodesInput = z.output<Awaited<ReturnType<typeof createCodesSchema>>>;

/** Filters of GET /api/v1/pickup-codes and its CSV export (query text). */
export const pickupListFilters = {
  status: z
    .enum(PICKUP_STATUSES, { error: `status must be one of ${PICKUP_STATUSES.join(', ')}` })
    .optional(),
  assetId: optionalText,
};
