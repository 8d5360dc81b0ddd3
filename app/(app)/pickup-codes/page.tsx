import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/db/client';
import { listPickupCodes, listThrottledMachines } from '@/db/queries/pickup';
import { requirePage } from '@/lib/auth/server';
import { pickupCodesQuery, throttledQuery } from '@/lib/pickup-query';
import { pickupCodeView } from '@/lib/pickup/views';
import { makeQueryClient } from '@/lib/query-client';
import { PickupClient } from './client';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('pickup');

function firstPage() {
  const now = Math.floor(Date.now() / 1000);
  const { items, nextCursor } = listPickupCodes(getDb(), { limit: 200, now });
  return { items: items.map((r) => pickupCodeView(r, now)), nextCursor };
}

function throttled() {
  const since = Math.floor(Date.now() / 1000) - 86_400;
  return { since, items: listThrottledMachines(getDb(), { since, limit: 100 }) };
}

export default async function PickupCodesPage() {
  await requirePage('/pickup-codes');
  const client = makeQueryClient();
  await client.prefetchInfiniteQuery({ ...pickupCodesQuery({}), queryFn: firstPage });
  await client.prefetchQuery({ ...throttledQuery(), queryFn: throttled });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <PickupClient />
    </HydrationBoundary>
  );
}
