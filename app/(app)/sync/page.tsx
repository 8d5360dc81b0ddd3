import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/lib/db';
import { latestChecks, listRuns } from '@/db/queries/sync';
import { requirePage } from '@/lib/auth/server';
import { makeQueryClient } from '@/lib/query-client';
import { checksQuery, syncRunsQuery } from '@/lib/sync/queries';
import { syncRunView } from '@/lib/sync/views';
import { SyncClient } from './client';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('sync');

export default async function SyncPage() {
  await requirePage('/sync');
  const client = makeQueryClient();
  await client.prefetchQuery({
    ...syncRunsQuery(),
    queryFn: async () => {
      const items = (await listRuns(getDb(), { limit: 50 })).map(syncRunView);
      return { items, nextBefore: items.length === 50 ? items.at(-1)!.runId : null };
    },
  });
  await client.prefetchQuery({
    ...checksQuery(),
    queryFn: async () => ({ items: await latestChecks(getDb(), 7) }),
  });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <SyncClient />
    </HydrationBoundary>
  );
}
