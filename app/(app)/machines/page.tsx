import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { canView } from '@/lib/auth/rules';
import { requirePage } from '@/lib/auth/server';
import { filterFromSearch, toSearchParams } from '@/lib/fleet/filter';
import { MACHINE_PAGE_LIMIT, machinesQuery } from '@/lib/fleet/queries';
import { linesQuery, sitesQuery } from '@/lib/planning/queries';
import { makeQueryClient } from '@/lib/query-client';
import { readValue } from '@/lib/reads';
import { MachinesClient } from './client';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('machines');

/** The machine list: the URL's filters prefetched under the key the client reads. */
export default async function MachinesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePage('/machines');
  const filter = filterFromSearch(toSearchParams(await searchParams));
  const queryClient = makeQueryClient();
  await Promise.all([
    queryClient.prefetchQuery({
      ...machinesQuery(filter),
      queryFn: () => readValue('machineList', { ...filter, limit: MACHINE_PAGE_LIMIT, offset: 0 }),
    }),
    queryClient.prefetchQuery({ ...linesQuery(), queryFn: () => readValue('lines', {}) }),
    queryClient.prefetchQuery({ ...sitesQuery(), queryFn: () => readValue('sites', {}) }),
  ]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <MachinesClient pickLists={canView(me.role, '/pick-lists')} />
    </HydrationBoundary>
  );
}
