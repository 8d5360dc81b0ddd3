import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/lib/db';
import { cabinetGoodsOf, listCabinets } from '@/db/queries/cabinets';
import { requirePage } from '@/lib/auth/server';
import { CABINET_ORDERS_PAGE, cabinetOrdersQuery, cabinetsQuery } from '@/lib/cabinets/queries';
import { cabinetOrdersPage } from '@/lib/cabinets/read';
import { cabinetView } from '@/lib/cabinets/views';
import { makeQueryClient } from '@/lib/query-client';
import { CabinetOrdersClient } from './client';
import { titled } from '@/lib/i18n/title';
import { mapSeries } from '@/lib/ops/series';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('cabinetOrders');

export default async function CabinetOrdersPage() {
  await requirePage('/cabinet-orders');
  const db = getDb();
  const client = makeQueryClient();
  await client.prefetchInfiniteQuery({
    ...cabinetOrdersQuery({}),
    queryFn: async () => await cabinetOrdersPage(db, { limit: CABINET_ORDERS_PAGE }),
  });
  await client.prefetchQuery({
    ...cabinetsQuery(),
    queryFn: async () => ({
      items: await mapSeries(await listCabinets(db), async (c) =>
        cabinetView(c, await cabinetGoodsOf(db, c.machineId)),
      ),
    }),
  });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <CabinetOrdersClient />
    </HydrationBoundary>
  );
}
