import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/db/client';
import { requirePage } from '@/lib/auth/server';
import { linesOverview } from '@/lib/planning/plans';
import { linesQuery } from '@/lib/planning-query';
import { makeQueryClient } from '@/lib/query-client';
import { LinesClient } from './client';

export const dynamic = 'force-dynamic';

export default async function LinesPage() {
  await requirePage('/lines');
  const client = makeQueryClient();
  await client.prefetchQuery({
    ...linesQuery(),
    queryFn: () => linesOverview(getDb()),
  });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <LinesClient />
    </HydrationBoundary>
  );
}
