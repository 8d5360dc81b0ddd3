import { z } from 'zod';

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

/** `assetIds=A,B,C` in a URL (the CSV download). */
export const assetIdsParam = z.object({
  assetIds: z
    .string({ error: 'assetIds is required' })
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(assetIdList),
});
