import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/lib/db';
import { listLines, listSites } from '@/db/queries/org';
import { requirePage } from '@/lib/auth/server';
import { getConfig } from '@/lib/config';
import { makeQueryClient } from '@/lib/query-client';
import { readValue } from '@/lib/reads';
import { parseVisitSearch, visitApiParams, visitsQuery, VISIT_PAGE } from '@/lib/refills/queries';
import { visitListQuery } from '@/lib/refills/schemas';
import { RefillsClient } from './client';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('refills');

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function RefillsPage({ searchParams }: { searchParams: Search }) {
  await requirePage('/refills');
  const search = parseVisitSearch(await searchParams);
  const params = visitApiParams(search, getConfig().FLEET_TIME_ZONE);
  const db = getDb();
  const client = makeQueryClient();
  const parsed = visitListQuery.safeParse(params);
  if (parsed.success) {
    const { limit: _l, offset: _o, format: _f, ...filters } = parsed.data;
    await client.prefetchInfiniteQuery({
      ...visitsQuery(params),
      queryFn: () => readValue('visits', { filters, limit: VISIT_PAGE, offset: 0 }),
    });
  }
  const options = {
    lines: (await listLines(db)).map((l) => l.name),
    sites: (await listSites(db)).map((s) => s.name),
  };
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <RefillsClient initial={search} options={options} />
    </HydrationBoundary>
  );
}
