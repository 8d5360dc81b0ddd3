import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/lib/db';
import { cabinetGoodsOf, listCabinets } from '@/db/queries/cabinets';
import { requirePage } from '@/lib/auth/server';
import { authorize } from '@/lib/auth/rules';
import { cabinetsQuery } from '@/lib/cabinets/queries';
import { cabinetView } from '@/lib/cabinets/views';
import { makeQueryClient } from '@/lib/query-client';
import { CabinetsClient } from './client';
import { titled } from '@/lib/i18n/title';
import { mapSeries } from '@/lib/ops/series';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('cabinets');

export default async function CabinetsPage() {
  const principal = await requirePage('/cabinets');
  const canOperate = authorize('POST', '/api/v1/cabinet-orders', principal).allow;
  const client = makeQueryClient();
  await client.prefetchQuery({
    ...cabinetsQuery(),
    queryFn: async () => {
      const db = getDb();
      return {
        items: await mapSeries(await listCabinets(db), async (c) =>
          cabinetView(c, await cabinetGoodsOf(db, c.machineId)),
        ),
      };
    },
  });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <CabinetsClient canOperate={canOperate} />
    </HydrationBoundary>
  );
}
