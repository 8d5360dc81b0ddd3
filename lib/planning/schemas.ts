import { z } from 'zod';
import { epochSeconds } from '@/lib/edge/params';
import type { PickSelection, SheetFill } from './pick-sheet';
import {
  MAX_INTERVAL_DAYS,
  MAX_PAR_DAYS,
  MAX_SHEET_LINES,
  MAX_SHEET_MACHINES,
  MAX_STOPS,
} from './sheet-limits';

/** Asset ids as the pick-list and run APIs take them: 1…500, duplicates dropped in order. */
export const assetIdList = z
  .array(z.string().trim().min(1, { error: 'an asset id may not be empty' }).max(64), {
    error: 'expected an array of asset ids',
  })
  .min(1, { error: 'name at least one machine' })
  .max(500, { error: 'at most 500 machines' })
  .transform((ids) => [...new Set(ids)]);

export const pickListBody = z.object({ assetIds: assetIdList }).strict();

export const runBody = z
  .object({ assetIds: assetIdList, lineId: z.number().int().positive().optional() })
  .strict();

const commaList = (s: string) => s.split(',').map((x) => x.trim());

/**
 * A pick sheet's selection in a URL: `assetIds=A,B,C` or `lineIds=1,2`, exactly one, bounded
 * (lib/planning/pick-sheet.ts; lines are bounded again by the machines they hold).
 */
export const pickSelectionParams = z
  .object({
    assetIds: z
      .string()
      .transform(commaList)
      .pipe(
        z
          .array(z.string().min(1, { error: 'an asset id may not be empty' }).max(64))
          .min(1, { error: 'name at least one machine' })
          .max(MAX_SHEET_MACHINES, {
            error: `at most ${MAX_SHEET_MACHINES} machines on one pick list`,
          })
          .transform((ids) => [...new Set(ids)]),
      )
      .optional(),
    lineIds: z
      .string()
      .transform(commaList)
      .pipe(
        z
          .array(
            z
              .string()
              .regex(/^[1-9]\d{0,9}$/, { error: 'a line id is a positive whole number' })
              .transform(Number),
          )
          .min(1, { error: 'name at least one line' })
          .max(MAX_SHEET_LINES, { error: `at most ${MAX_SHEET_LINES} lines on one pick list` })
          .transform((ids) => [...new Set(ids)]),
      )
      .optional(),
  })
  .refine((p) => (p.assetIds === undefined) !== (p.lineIds === undefined), {
    error: 'give either assetIds or lineIds',
  })
  .transform((p): PickSelection =>
    p.lineIds ? { lineIds: p.lineIds } : { assetIds: p.assetIds! },
  );

/** A whole number in a query string, bounded, with its name in every refusal. */
const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, { error: `${name} is a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `${name} must be ${min}…${max}` })
        .max(max, { error: `${name} must be ${min}…${max}` }),
    );

/**
 * How a pick sheet loads (D95): `fill=capacity` (the default, D31) or `fill=par&parDays=N`
 * (1…14, default 1), and optionally `visitAt` (epoch seconds), when the van comes; its range
 * is checked against the clock by the read (422).
 */
export const sheetFillParams = z
  .object({
    fill: z.enum(['capacity', 'par'], { error: 'fill is capacity or par' }).default('capacity'),
    parDays: wholeNumber('parDays', 1, MAX_PAR_DAYS).optional(),
    visitAt: epochSeconds.optional(),
  })
  .refine((p) => p.parDays === undefined || p.fill === 'par', {
    error: 'parDays goes with fill=par',
    path: ['parDays'],
  })
  .transform((p): SheetFill => ({
    fill: p.fill,
    parDays: p.parDays ?? 1,
    visitAt: p.visitAt ?? null,
  }));

const isCalendarDate = (s: string) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

/** A line's route day: `date=YYYY-MM-DD` (default tomorrow), `stops` 1…100, `intervalDays` 1…14. */
export const routeDayParams = z
  .object({
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD' })
      .refine(isCalendarDate, { error: 'no such day' })
      .optional(),
    stops: wholeNumber('stops', 1, MAX_STOPS).optional(),
    intervalDays: wholeNumber('intervalDays', 1, MAX_INTERVAL_DAYS).default(1),
  })
  .strict();

export type RouteDayQuery = z.infer<typeof routeDayParams>;
