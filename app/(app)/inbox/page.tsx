import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { requirePage } from '@/lib/auth/server';
import { inboxQuery } from '@/lib/admin/inbox-queries';
import { makeQueryClient } from '@/lib/query-client';
import { readValue } from '@/lib/reads';
import { InboxClient } from './client';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('inbox');

export default async function InboxPage() {
  await requirePage('/inbox');
  const client = makeQueryClient();
  await client.prefetchInfiniteQuery({
    ...inboxQuery({}),
    queryFn: () => readValue('inbox', { limit: 100 }),
  });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <InboxClient />
    </HydrationBoundary>
  );
}
