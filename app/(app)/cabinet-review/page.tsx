import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/db/client';
import { requirePage } from '@/lib/auth/server';
import { cabinetOrdersQuery, REVIEW_STATES } from '@/lib/cabinets-query';
import { cabinetOrdersPage } from '@/lib/cabinets/query';
import { makeQueryClient } from '@/lib/query-client';
import { CabinetReviewClient } from './client';

export const dynamic = 'force-dynamic';

export default async function CabinetReviewPage() {
  await requirePage('/cabinet-review');
  const client = makeQueryClient();
  await client.prefetchQuery({
    ...cabinetOrdersQuery({ state: REVIEW_STATES }),
    queryFn: () =>
      cabinetOrdersPage(getDb(), { states: ['needs_review', 'payment_failed'], limit: 100 }),
  });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <CabinetReviewClient />
    </HydrationBoundary>
  );
}
