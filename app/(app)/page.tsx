import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/db/client';
import { machineList } from '@/lib/fleet';
import { MACHINE_PAGE_LIMIT, machinesQuery } from '@/lib/machines-query';
import { makeQueryClient } from '@/lib/query-client';
import { requirePage } from '@/lib/auth/server';
import { FleetClient } from './client';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  await requirePage('/');
  const queryClient = makeQueryClient();
  await queryClient.prefetchQuery({
    ...machinesQuery({}),
    queryFn: () => machineList(getDb(), { limit: MACHINE_PAGE_LIMIT, offset: 0 }),
  });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <FleetClient />
    </HydrationBoundary>
  );
}
