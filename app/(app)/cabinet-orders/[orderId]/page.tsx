import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { notFound } from 'next/navigation';
import { getDb } from '@/lib/db';
import { cabinetGoodsOf, getCabinet } from '@/db/queries/cabinets';
import { requirePage } from '@/lib/auth/server';
import { authorize } from '@/lib/auth/rules';
import { cabinetOrderQuery, cabinetQuery } from '@/lib/cabinets/queries';
import { cabinetOrderById } from '@/lib/cabinets/read';
import { cabinetView } from '@/lib/cabinets/views';
import { pageParam } from '@/lib/edge/url';
import { makeQueryClient } from '@/lib/query-client';
import { CabinetOrderClient } from './client';
import { titledAs } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titledAs<{ orderId: string }>(
  (t, p) => `${t('nav.cabinetOrders')} ${pageParam(p.orderId)}`,
);

export default async function CabinetOrderPage({
  params,
}: {
  params: Promise<{ orderId: string }>;
}) {
  const orderId = pageParam((await params).orderId);
  const principal = await requirePage(`/cabinet-orders/${encodeURIComponent(orderId)}`);
  const canOperate = authorize('POST', '/api/v1/cabinet-orders', principal).allow;
  const db = getDb();
  const order = await cabinetOrderById(db, orderId);
  if (!order) notFound();
  const client = makeQueryClient();
  await client.prefetchQuery({ ...cabinetOrderQuery(orderId), queryFn: () => order });
  const cabinet = await getCabinet(db, order.machineId);
  if (cabinet)
    await client.prefetchQuery({
      ...cabinetQuery(order.machineId),
      queryFn: async () => cabinetView(cabinet, await cabinetGoodsOf(db, order.machineId)),
    });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <CabinetOrderClient orderId={orderId} canOperate={canOperate} />
    </HydrationBoundary>
  );
}
