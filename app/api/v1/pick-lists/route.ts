import { getDb } from '@/lib/db';
import { ApiError } from '@/lib/edge/errors';
import { parseBody, parseQuery, route } from '@/lib/edge/request';
import { readJsonResponse } from '@/lib/reads';
import { pickListFor, unknownMachines } from '@/lib/planning/pick';
import { pickListBody, pickSelectionParams, sheetFillParams } from '@/lib/planning/schemas';

/** `{assetIds}` → what to load: per goods and per shelf, in units (docs/decisions.md D31). */
export const POST = route(async (request) => {
  const { assetIds } = await parseBody(request, pickListBody);
  const db = getDb();
  const [unknown] = await unknownMachines(db, assetIds);
  if (unknown !== undefined)
    throw new ApiError(
      'UNPROCESSABLE',
      `assetIds.${assetIds.indexOf(unknown)}: no machine ${JSON.stringify(unknown)}`,
    );
  return Response.json(await pickListFor(db, assetIds));
});

/**
 * `?assetIds=A,B` or `?lineIds=1,2` → the pick sheet: goods by number and name with their
 * totals, then each machine's shelves that need units (docs/decisions.md D82); `&fill=par
 * &parDays=N[&visitAt=T]` loads to par instead of to capacity (D95).
 */
export const GET = route((request) => {
  const selection = parseQuery(request, pickSelectionParams);
  const fill = parseQuery(request, sheetFillParams);
  return readJsonResponse('pickSheet', { ...selection, fill }, request.signal);
});
