import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/lib/db';
import { listPickupCodes, listThrottledMachines } from '@/db/queries/pickup';
import { requirePage } from '@/lib/auth/server';
import { pickupCodesQuery, throttledQuery } from '@/lib/pickup/queries';
import { pickupCodeView } from '@/lib/pickup/views';
import { makeQueryClient } from '@/lib/query-client';
import { PickupClient } from './client';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('pickup');

async function firstPage(assetId: string | undefined) {
  const now = Math.floor(Date.now() / 1000);
  const { items, nextCursor } = await listPickupCodes(getDb(), { limit: 200, now, assetId });
  return { items: items.map((r) => pickupCodeView(r, now)), nextCursor };
}

async function throttled() {
  const since = Math.floor(Date.now() / 1000) - 86_400;
  return { since, items: await listThrottledMachines(getDb(), { since, limit: 100 }) };
}

/** `?assetId=X` (from a machine's page) opens the list filtered to that machine. */
function machineParam(v: string | string[] | undefined): string | undefined {
  const s = typeof v === 'string' ? v.trim() : '';
  return s && s.length <= 64 ? s : undefined;
}

export default async function PickupCodesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePage('/pickup-codes');
  const assetId = machineParam((await searchParams).assetId);
  const client = makeQueryClient();
  await client.prefetchInfiniteQuery({
    ...pickupCodesQuery({ status: undefined, assetId }),
    queryFn: async () => await firstPage(assetId),
  });
  await client.prefetchQuery({ ...throttledQuery(), queryFn: throttled });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <PickupClient initialAssetId={assetId ?? ''} />
    </HydrationBoundary>
  );
}
