import { csvLine } from '@/lib/edge/csv';
import type { Translate } from '@/lib/sales/labels';
import type { PickSheet } from './pick-sheet';

const COLUMNS = [
  'row',
  'goodsNumber',
  'goodsName',
  'units',
  'machine',
  'machineNo',
  'site',
  'container',
  'shelf',
  'capacity',
  'estimated',
] as const;

/** To par adds what filling to capacity would load and whether a forecast decided (D95). */
const PAR_COLUMNS = ['fullUnits', 'forecast'] as const;

/**
 * The pick sheet as one CSV table in the reader's language: a total row per goods, then a row
 * per shelf to load (shelves needing nothing are left out, as on the printed sheet). Unknown
 * estimated stock is an empty cell (loaded as if empty). To par, each shelf row also says what
 * filling it would load and whether it had a forecast (none: loaded to capacity).
 */
export function pickSheetCsv(sheet: PickSheet, t: Translate): string {
  const par = sheet.par !== undefined;
  const head = csvLine(
    [...COLUMNS, ...(par ? PAR_COLUMNS : [])].map((c) => t(`planning.csv.${c}`)),
  );
  const goods = sheet.goods.map((g) =>
    csvLine([t('planning.csv.goodsRow'), g.number, g.name, g.units]),
  );
  const shelves = sheet.machines.flatMap((m) =>
    m.shelves.map((s) =>
      csvLine([
        t('planning.csv.shelfRow'),
        s.number,
        s.name,
        s.units,
        m.name,
        m.assetId,
        m.siteName,
        s.container,
        s.locationId,
        s.capacity,
        s.estimatedStock,
        ...(par
          ? [s.fullUnits, t(s.forecast ? 'planning.csv.forecastYes' : 'planning.csv.forecastNo')]
          : []),
      ]),
    ),
  );
  return head + goods.join('') + shelves.join('');
}
