import 'server-only';
import { z } from 'zod';
import { ApiError } from '@/lib/edge/errors';
import { epochSeconds, limit, optionalText, positiveId } from '@/lib/edge/params';
import { parseTradeCursor } from '@/db/queries/trades';
import { DELIVERIES } from './labels';

/** Deliveries as stored (db/schema/trades.ts): the raw codes differ between push and pull. */
const code = (what: string) =>
  z.coerce
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be a whole number` })
    .min(0, { error: `${what} must be 0…99` })
    .max(99, { error: `${what} must be 0…99` });

const number = z.string().trim().min(1).max(64, { error: 'at most 64 characters' });

/** GET /api/v1/trades: every filter the trades page offers; a bad one is a 400 naming it. */
export const tradeQuerySchema = z
  .object({
    assetId: optionalText.pipe(z.string().max(64, { error: 'at most 64 characters' }).optional()),
    orderNo: number.optional(),
    tradeNo: number.optional(),
    goodsId: number.optional(),
    refillId: positiveId.optional(),
    startTime: epochSeconds.optional(),
    endTime: epochSeconds.optional(),
    payStyle: code('payStyle').optional(),
    payStatus: code('payStatus').optional(),
    refundStatus: code('refundStatus').optional(),
    delivery: z
      .enum(DELIVERIES, { error: `delivery must be one of ${DELIVERIES.join(', ')}` })
      .optional(),
    refunds: z
      .enum(['0', '1'], { error: 'refunds must be 1 (refunds only) or 0' })
      .optional()
      .transform((v) => (v === '1' ? true : undefined)),
    order: z.enum(['asc', 'desc'], { error: 'order must be asc or desc' }).default('asc'),
    limit: limit(1000, 100),
    cursor: z
      .string()
      .transform((v, ctx) => {
        const c = parseTradeCursor(v);
        if (!c)
          ctx.addIssue({
            code: 'custom',
            message: 'cursor must be a value returned as nextCursor',
          });
        return c ?? z.NEVER;
      })
      .optional(),
    format: z.enum(['json', 'csv'], { error: 'format must be json or csv' }).default('json'),
  })
  .refine((q) => q.startTime === undefined || q.endTime === undefined || q.startTime <= q.endTime, {
    error: 'startTime must not be after endTime',
    path: ['endTime'],
  });

export type TradeQuery = z.infer<typeof tradeQuerySchema>;
export type TradeSearch = Omit<TradeQuery, 'format' | 'cursor' | 'limit'>;

const DAY = 86_400;
/** The longest range one CSV of trades covers (a month of a fleet's trades is a big file). */
export const MAX_TRADE_EXPORT_SECONDS = 31 * DAY;
/** The most trades one CSV holds: past it the range must be narrowed. */
export const MAX_TRADE_EXPORT_ROWS = 100_000;

/**
 * A CSV must be bounded: by an order or trade number, a refill visit (its window), or a range
 * of at most 31 days. Otherwise 422 RANGE_TOO_LONG saying what to choose.
 */
export function assertExportBounded(q: TradeSearch) {
  if (q.orderNo || q.tradeNo || q.refillId) return;
  if (q.startTime === undefined || q.endTime === undefined)
    throw new ApiError(
      'RANGE_TOO_LONG',
      'a trade export needs startTime and endTime (at most 31 days apart), an orderNo, a tradeNo or a refillId',
    );
  if (q.endTime - q.startTime >= MAX_TRADE_EXPORT_SECONDS)
    throw new ApiError(
      'RANGE_TOO_LONG',
      `a trade export covers at most 31 days; this range is ${Math.ceil((q.endTime - q.startTime) / DAY)} days: choose a shorter range`,
    );
}
