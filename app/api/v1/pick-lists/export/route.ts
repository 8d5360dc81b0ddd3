import { parseQuery, route } from '@/lib/edge/request';
import { csvResponse } from '@/lib/edge/csv';
import { getI18n } from '@/lib/i18n/server';
import { pickSelectionParams, sheetFillParams } from '@/lib/planning/schemas';
import { readText } from '@/lib/reads';

/**
 * The pick list of `assetIds=A,B,…` or `lineIds=1,2` (to par with `fill=par&parDays=N`) as CSV in the reader's language (with a
 * byte-order mark, so a spreadsheet opens the goods' Chinese names as UTF-8).
 */
export const GET = route(async (request) => {
  const selection = parseQuery(request, pickSelectionParams);
  const fill = parseQuery(request, sheetFillParams);
  const { locale } = await getI18n();
  const { text } = await readText('pickSheetCsv', { selection, fill, locale }, request.signal);
  const date = new Date().toISOString().slice(0, 10);
  return csvResponse(text, `pick-list-${date}.csv`);
});
