import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { requirePage } from '@/lib/auth/server';
import { canView } from '@/lib/auth/rules';
import { titled } from '@/lib/i18n/title';
import { makeQueryClient } from '@/lib/query-client';
import { readValue } from '@/lib/reads';
import {
  parseTradeSearch,
  TRADE_PAGE,
  tradeApiParams,
  tradesQuery,
} from '@/lib/sales/trades/queries';
import { tradeQuerySchema } from '@/lib/sales/trades/search';
import { TradesClient } from './client';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('trades');

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function TradesPage({ searchParams }: { searchParams: Search }) {
  const principal = await requirePage('/trades');
  const search = parseTradeSearch(await searchParams);
  const params = tradeApiParams(search);
  const client = makeQueryClient();
  const parsed = tradeQuerySchema.safeParse({ ...params, limit: String(TRADE_PAGE) });
  if (parsed.success) {
    const { format: _f, ...read } = parsed.data;
    // A visit that does not exist is left for the browser's query to report.
    await client
      .prefetchInfiniteQuery({ ...tradesQuery(params), queryFn: () => readValue('trades', read) })
      .catch(() => undefined);
  }
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <TradesClient initial={search} showVisits={canView(principal.role, '/refills')} />
    </HydrationBoundary>
  );
}
