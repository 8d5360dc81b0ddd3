import { z } from 'zod';
import { getDb } from '@/db/client';
import { parseQuery, route } from '@/lib/api/request';
import { limit, offset, optionalText } from '@/lib/api/params';
import { machineList } from '@/lib/fleet';
import { MACHINE_SORTS, PLATFORMS, SORT_DIRS } from '@/lib/machine-filter';

const flag = z
  .enum(['true', 'false'], { error: 'expected true or false' })
  .transform((v) => v === 'true')
  .optional();

/** Strict: an unknown parameter is refused by name rather than silently ignored. */
const query = z.strictObject(
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

export const GET = route((request) => {
  const p = parseQuery(request, query);
  return Response.json(machineList(getDb(), p));
});
