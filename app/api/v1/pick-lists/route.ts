import { getDb } from '@/db/client';
import { ApiError } from '@/lib/api/errors';
import { parseBody, route } from '@/lib/api/request';
import { pickListFor, unknownMachines } from '@/lib/planning/pick';
import { pickListBody } from '@/lib/planning/schemas';

/** `{assetIds}` → what to load: per goods and per shelf, in units (docs/decisions.md D31). */
export const POST = route(async (request) => {
  const { assetIds } = await parseBody(request, pickListBody);
  const db = getDb();
  const [unknown] = unknownMachines(db, assetIds);
  if (unknown !== undefined)
    throw new ApiError(
      'UNPROCESSABLE',
      `assetIds.${assetIds.indexOf(unknown)}: no machine ${JSON.stringify(unknown)}`,
    );
  return Response.json(pickListFor(db, assetIds));
});
