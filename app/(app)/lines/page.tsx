import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { requirePage } from '@/lib/auth/server';
import { linesQuery } from '@/lib/planning/queries';
import { makeQueryClient } from '@/lib/query-client';
import { readValue } from '@/lib/reads';
import { LinesClient } from './client';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('lines');

export default async function LinesPage() {
  await requirePage('/lines');
  const client = makeQueryClient();
  await client.prefetchQuery({
    ...linesQuery(),
    queryFn: () => readValue('lines', {}),
  });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <LinesClient />
    </HydrationBoundary>
  );
}
