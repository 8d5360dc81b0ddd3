import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/db/client';
import { machineList } from '@/lib/fleet';
import { MACHINE_PAGE_LIMIT, machinesQuery } from '@/lib/machines-query';
import { makeQueryClient } from '@/lib/query-client';
import { requirePage } from '@/lib/auth/server';
import { FleetClient } from './client';
import { OverviewPanel } from './overview';
import { getConfig } from '@/lib/config';
import { overviewFor } from '@/lib/overview';
import { overviewQuery } from '@/lib/overview-query';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const me = await requirePage('/');
  const queryClient = makeQueryClient();
  await queryClient.prefetchQuery({
    ...overviewQuery(),
    queryFn: () => overviewFor(getDb(), me.role, getConfig().FLEET_TIME_ZONE),
  });
  await queryClient.prefetchQuery({
    ...machinesQuery({}),
    queryFn: () => machineList(getDb(), { limit: MACHINE_PAGE_LIMIT, offset: 0 }),
  });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <div className="space-y-8">
        <OverviewPanel />
        <FleetClient />
      </div>
    </HydrationBoundary>
  );
}
