import { z } from 'zod';
import type { PickSelection } from './pick-sheet';
import { MAX_SHEET_LINES, MAX_SHEET_MACHINES } from './sheet-limits';

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
