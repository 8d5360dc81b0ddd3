import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/lib/db';
import { requirePage } from '@/lib/auth/server';
import {
  CABINET_ORDERS_PAGE,
  cabinetOrdersQuery,
  REVIEW_STATE_LIST,
  REVIEW_STATES,
} from '@/lib/cabinets/queries';
import { cabinetOrdersPage } from '@/lib/cabinets/read';
import { makeQueryClient } from '@/lib/query-client';
import { CabinetReviewClient } from './client';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('cabinetReview');

export default async function CabinetReviewPage() {
  await requirePage('/cabinet-review');
  const client = makeQueryClient();
  await client.prefetchInfiniteQuery({
    ...cabinetOrdersQuery({ state: REVIEW_STATES }),
    queryFn: async () =>
      await cabinetOrdersPage(getDb(), {
        states: [...REVIEW_STATE_LIST],
        limit: CABINET_ORDERS_PAGE,
      }),
  });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <CabinetReviewClient />
    </HydrationBoundary>
  );
}
