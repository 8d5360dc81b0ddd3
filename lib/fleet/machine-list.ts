import 'server-only';
import { z } from 'zod';
import { readText } from '@/lib/reads';
import { MACHINE_SORTS, PLATFORMS, SORT_DIRS } from '@/lib/fleet/filter';
import { limit, offset, optionalText } from '@/lib/edge/params';
import { parseSearch } from '@/lib/edge/request';

const flag = z
  .enum(['true', 'false'], { error: 'expected true or false' })
  .transform((v) => v === 'true')
  .optional();

/** GET /api/v1/machines's parameters. Strict: an unknown one is refused by name. */
export const machineListQuery = z.strictObject(
  {
    area: optionalText,
    line: optionalText,
    site: optionalText,
    platform: z.enum(PLATFORMS).optional(),
    online: flag,
    faults: flag,
    soldOut: flag,
    q: optionalText,
    sort: z.enum(MACHINE_SORTS).default('assetId'),
    dir: z.enum(SORT_DIRS).default('asc'),
    limit: limit(5000, 100),
    offset,
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown parameter ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`
        : undefined,
  },
);

/**
 * The fleet list for a query string: what the route handler answers and what the production
 * server answers itself, before Next.js (lib/fleet/fast-read.ts), on a reader thread (D60). A bad
 * parameter throws the 400 naming it, here, before any thread is asked.
 */
export function readMachineList(search: URLSearchParams, signal?: AbortSignal) {
  return readText('machineList', parseSearch(search, machineListQuery), signal);
}
