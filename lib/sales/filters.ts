import { z } from 'zod';
import { ApiError } from '@/lib/edge/errors';
import { epochSeconds, limit, offset, optionalText } from '@/lib/edge/params';

/** A comma-separated list of non-empty items (duplicates dropped); absent or empty: undefined. */
const list = <T>(item: z.ZodType<T>, what: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const parts = [...new Set((v ?? '').split(',').map((s) => s.trim()))].filter(Boolean);
      if (!parts.length) return undefined;
      if (parts.length > 10_000) {
        ctx.addIssue({ code: 'custom', message: `at most 10000 ${what}` });
        return z.NEVER;
      }
      const out: T[] = [];
      for (const p of parts) {
        const r = item.safeParse(p);
        if (!r.success) {
          ctx.addIssue({ code: 'custom', message: `${JSON.stringify(p)} is not ${what}` });
          return z.NEVER;
        }
        out.push(r.data);
      }
      return out;
    });

const payStyle = z.coerce.number().int().min(1).max(99);

/** The filters every sales statistic accepts (area, line, site, machines, goods, payment, range). */
export const salesFilterShape = {
  startTime: epochSeconds,
  endTime: epochSeconds,
  areaName: optionalText,
  lineName: optionalText,
  siteName: optionalText,
  assetIds: list(z.string().max(64), 'an assetId'),
  goodsIds: list(z.string().max(64), 'a goodsId'),
  payStyles: list(payStyle, 'a payStyle code (1…99)'),
};

const ordered = (q: { startTime: number; endTime: number }) => q.startTime <= q.endTime;
const orderError = { error: 'startTime must not be after endTime', path: ['endTime'] };

export const salesFilterSchema = z.object(salesFilterShape).refine(ordered, orderError);
export interface SalesFilters {
  startTime: number;
  endTime: number;
  areaName?: string;
  lineName?: string;
  siteName?: string;
  assetIds?: string[];
  goodsIds?: string[];
  payStyles?: number[];
}

/** GET /api/v1/stats/sales: §5.1 per asset, paged by assetId. */
export const statisticQuerySchema = z
  .object({ ...salesFilterShape, limit: limit(5000, 1000), offset })
  .refine(ordered, orderError);

export const GRANULARITIES = ['hour', 'day', 'week'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
const DAY = 86_400;
/** An hourly timeline is offered up to this long a range. */
export const MAX_HOURLY_SECONDS = 31 * DAY;

/**
 * The longest range each timeline unit is offered for (and, `total`, any statistic): a read's
 * cost grows with its periods, and past these it is minutes of work no page needs (D60).
 */
export const MAX_RANGE_SECONDS = {
  hour: MAX_HOURLY_SECONDS,
  day: 1096 * DAY,
  week: 3653 * DAY,
  total: 3653 * DAY,
} as const satisfies Record<Granularity | 'total', number>;

const RANGE_WORDS = { hour: '31 days', day: '3 years', week: '10 years', total: '10 years' };

/** Refuses (422 RANGE_TOO_LONG, naming the longest allowed) a range too long for its unit. */
export function assertRangeLimit(q: {
  startTime: number;
  endTime: number;
  granularity?: Granularity;
}) {
  const unit = q.granularity ?? 'total';
  if (q.endTime - q.startTime < MAX_RANGE_SECONDS[unit]) return;
  const what = q.granularity ? `a timeline by ${q.granularity}` : 'a statistic';
  throw new ApiError(
    'RANGE_TOO_LONG',
    `${what} covers at most ${RANGE_WORDS[unit]} (${MAX_RANGE_SECONDS[unit] / DAY} days); this range is ${Math.ceil((q.endTime - q.startTime) / DAY)} days: choose a shorter range${q.granularity && q.granularity !== 'week' ? ' or a coarser granularity' : ''}`,
  );
}

/** GET /api/v1/stats/sales/report: the statistics page. */
export const reportQuerySchema = z
  .object({
    ...salesFilterShape,
    granularity: z.enum(GRANULARITIES).optional(),
    machineLimit: limit(10_000, 500),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine(ordered, orderError);
export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** The timeline's unit when none is asked for: hours for a day or two, weeks beyond a quarter. */
export function defaultGranularity(startTime: number, endTime: number): Granularity {
  const span = endTime - startTime;
  if (span < 2 * 86_400) return 'hour';
  if (span <= 92 * 86_400) return 'day';
  return 'week';
}

/**
 * A range that ends no later than now (D81): "today" is today so far, so a timeline draws no
 * period after the current one and every page's today agrees with the overview's. A range
 * wholly in the future keeps its start (and reads nothing).
 */
export function endingByNow<T extends { startTime: number; endTime: number }>(
  q: T,
  now = Math.floor(Date.now() / 1000),
): T {
  return { ...q, endTime: Math.max(q.startTime, Math.min(q.endTime, now)) };
}

/**
 * A report query as the read takes it, its range checked against its unit's limit first and
 * then ended at now; the unit a preset gets is the whole range's (a year stays weekly in January).
 */
export function reportRead(q: ReportQuery, now?: number) {
  const { format, granularity, machineLimit, ...asked } = q;
  const unit = granularity ?? defaultGranularity(asked.startTime, asked.endTime);
  assertRangeLimit({ ...asked, granularity: unit });
  const filters = endingByNow(asked, now);
  return { format, params: { filters, granularity: unit, machineLimit } };
}
