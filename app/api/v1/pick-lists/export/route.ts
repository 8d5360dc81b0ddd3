import { getDb } from '@/db/client';
import { ApiError } from '@/lib/api/errors';
import { parseQuery, route } from '@/lib/api/request';
import { csvResponse } from '@/lib/csv';
import { namedPickList, pickListCsv, unknownMachines } from '@/lib/planning/pick';
import { assetIdsParam } from '@/lib/planning/schemas';

/**
 * The pick list of `assetIds=A,B,…` as CSV (with a byte-order mark, so a spreadsheet opens the
 * goods' Chinese names as UTF-8).
 */
export const GET = route((request) => {
  const { assetIds } = parseQuery(request, assetIdsParam);
  const db = getDb();
  const [unknown] = unknownMachines(db, assetIds);
  if (unknown !== undefined)
    throw new ApiError('INVALID_QUERY', `assetIds: no machine ${JSON.stringify(unknown)}`);
  const date = new Date().toISOString().slice(0, 10);
  const { pickList, goodsNames } = namedPickList(db, assetIds);
  return csvResponse(pickListCsv(pickList, goodsNames), `pick-list-${date}.csv`);
});
