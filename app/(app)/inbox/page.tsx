import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/db/client';
import { inboxStatusCounts, listInbox } from '@/db/queries/inbox';
import { requirePage } from '@/lib/auth/server';
import { inboxQuery } from '@/lib/inbox-query';
import { makeQueryClient } from '@/lib/query-client';
import { InboxClient } from './client';

export const dynamic = 'force-dynamic';

export default async function InboxPage() {
  await requirePage('/inbox');
  const client = makeQueryClient();
  await client.prefetchInfiniteQuery({
    ...inboxQuery({}),
    queryFn: () => ({ ...listInbox(getDb(), { limit: 100 }), counts: inboxStatusCounts(getDb()) }),
  });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <InboxClient />
    </HydrationBoundary>
  );
}
