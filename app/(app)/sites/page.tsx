import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { requirePage } from '@/lib/auth/server';
import { sitesQuery } from '@/lib/planning/queries';
import { makeQueryClient } from '@/lib/query-client';
import { getDb } from '@/lib/db';
import { getMapTiles } from '@/lib/settings/map-tiles';
import { readValue } from '@/lib/reads';
import { SitesClient } from './client';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('sites');

export default async function SitesPage() {
  await requirePage('/sites');
  const client = makeQueryClient();
  await client.prefetchQuery({
    ...sitesQuery(),
    queryFn: () => readValue('sites', {}),
  });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <SitesClient tiles={await getMapTiles(getDb())} />
    </HydrationBoundary>
  );
}
