import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { SalesReport, reportOptions } from './report';
import type { ReportParams } from './range';
import { fetchJson } from '@/lib/edge/fetch-json';

export type { SalesReport };
export type SalesOptions = Awaited<ReturnType<typeof reportOptions>>;
export type SalesReportPage = SalesReport & { options: SalesOptions };

export const reportUrl = (p: ReportParams, format?: 'csv') =>
  `/api/v1/stats/sales/report?${new URLSearchParams({ ...p, ...(format && { format }) })}`;

/** The statistics page's data for one set of filters; the last answer stays while the next loads. */
export const salesReportQuery = (p: ReportParams) =>
  queryOptions({
    queryKey: ['sales-report', p],
    queryFn: () => fetchJson<SalesReportPage>(reportUrl(p)),
    placeholderData: keepPreviousData,
  });
