import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/db/client';
import { requirePage } from '@/lib/auth/server';
import { sitesOverview } from '@/lib/planning/plans';
import { sitesQuery } from '@/lib/planning-query';
import { makeQueryClient } from '@/lib/query-client';
import { SitesClient } from './client';

export const dynamic = 'force-dynamic';

export default async function SitesPage() {
  await requirePage('/sites');
  const client = makeQueryClient();
  await client.prefetchQuery({
    ...sitesQuery(),
    queryFn: () => sitesOverview(getDb()),
  });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <SitesClient />
    </HydrationBoundary>
  );
}
