import { getDb } from '@/db/client';
import { ApiError } from '@/lib/api/errors';
import { parseQuery, route } from '@/lib/api/request';
import { namedPickList, pickListCsv, unknownMachines } from '@/lib/planning/pick';
import { assetIdsParam } from '@/lib/planning/schemas';

/**
 * The pick list of `assetIds=A,B,…` as CSV. A byte-order mark first, so a spreadsheet opens
 * the goods' Chinese names as UTF-8.
 */
export const GET = route((request) => {
  const { assetIds } = parseQuery(request, assetIdsParam);
  const db = getDb();
  const [unknown] = unknownMachines(db, assetIds);
  if (unknown !== undefined)
    throw new ApiError('INVALID_QUERY', `assetIds: no machine ${JSON.stringify(unknown)}`);
  const date = new Date().toISOString().slice(0, 10);
  const { pickList, goodsNames } = namedPickList(db, assetIds);
  return new Response('\uFEFF' + pickListCsv(pickList, goodsNames), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="pick-list-${date}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
