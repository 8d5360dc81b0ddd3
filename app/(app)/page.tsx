import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { MACHINE_PAGE_LIMIT, machinesQuery } from '@/lib/fleet/queries';
import { makeQueryClient } from '@/lib/query-client';
import { requirePage } from '@/lib/auth/server';
import { FleetClient } from './client';
import { OverviewPanel } from './overview';
import { canView, maySeeMoney } from '@/lib/auth/rules';
import { overviewQuery } from '@/lib/fleet/overview-queries';
import { readValue } from '@/lib/reads';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('overview');

export default async function OverviewPage() {
  const me = await requirePage('/');
  const queryClient = makeQueryClient();
  await Promise.all([
    queryClient.prefetchQuery({
      ...overviewQuery(),
      queryFn: () => readValue('overview', { withSales: maySeeMoney(me.role) }),
    }),
    queryClient.prefetchQuery({
      ...machinesQuery({}),
      queryFn: () => readValue('machineList', { limit: MACHINE_PAGE_LIMIT, offset: 0 }),
    }),
  ]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <div className="space-y-8">
        <OverviewPanel pickLists={canView(me.role, '/pick-lists')} />
        <FleetClient />
      </div>
    </HydrationBoundary>
  );
}
