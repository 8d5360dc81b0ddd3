import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { requirePage } from '@/lib/auth/server';
import { getConfig } from '@/lib/config';
import { makeQueryClient } from '@/lib/query-client';
import { salesReportQuery } from '@/lib/sales/queries';
import { readValue } from '@/lib/reads';
import { reportQuerySchema, reportRead } from '@/lib/sales/filters';
import { parseSalesSearch, reportParams } from '@/lib/sales/range';
import { SalesClient } from './client';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('sales');

type Search = Promise<Record<string, string | string[] | undefined>>;
/** The moment presets count back from; the browser keeps it, so its first query is this one. */
const nowSeconds = () => Math.floor(Date.now() / 1000);

export default async function SalesPage({ searchParams }: { searchParams: Search }) {
  await requirePage('/sales');
  const search = parseSalesSearch(await searchParams);
  const timeZone = getConfig().FLEET_TIME_ZONE;
  const now = nowSeconds();
  const params = reportParams(search, now, timeZone);
  const client = makeQueryClient();
  await client.prefetchQuery({
    ...salesReportQuery(params),
    // The same parsing as the API, so the page's first data is what the browser would fetch.
    queryFn: () => readValue('salesReport', reportRead(reportQuerySchema.parse(params)).params),
  });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <SalesClient initial={search} now={now} />
    </HydrationBoundary>
  );
}
