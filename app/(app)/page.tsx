import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/db/client';
import { listMachines } from '@/db/queries/machines';
import { machineListItem } from '@/lib/api/views';
import { machinesQuery } from '@/lib/machines-query';
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
    queryFn: () => {
      const { items, total } = listMachines(getDb(), { limit: 5000, offset: 0 });
      return { items: items.map(machineListItem), total };
    },
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
