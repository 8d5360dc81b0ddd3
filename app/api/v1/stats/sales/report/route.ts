import { getDb } from '@/db/client';
import { parseQuery, route } from '@/lib/api/request';
import { getConfig } from '@/lib/config';
import { getI18n } from '@/lib/i18n/server';
import { salesReportCsv, type Translate } from '@/lib/sales/csv';
import { reportQuerySchema } from '@/lib/sales/filters';
import { reportOptions, salesReport } from '@/lib/sales/report';
import { csvResponse, csvTime } from '@/lib/csv';

/**
 * The statistics page's data for one set of filters: §5.1's totals, payment methods, a
 * timeline, top goods, machines (and what the filters can choose from). `format=csv` is the
 * CSV the page offers: the same figures.
 */
export const GET = route(async (request) => {
  const { format, granularity, machineLimit, ...filters } = parseQuery(request, reportQuerySchema);
  const timeZone = getConfig().FLEET_TIME_ZONE;
  const db = getDb();
  const report = salesReport(db, filters, { granularity, machineLimit, timeZone });
  if (format === 'json') return Response.json({ ...report, options: reportOptions(db) });
  const { t } = await getI18n();
  const day = (s: number) => csvTime(s, timeZone, 'yyyy-MM-dd');
  return csvResponse(
    salesReportCsv(report, filters, t as unknown as Translate),
    `sales-${day(filters.startTime)}-${day(filters.endTime)}.csv`,
  );
});
